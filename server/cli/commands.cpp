#include "server/cli/commands.hpp"

#include "server/cli/options.hpp"
#include "server/cli/serve.hpp"

#include <algorithm>
#include <iostream>

namespace seeother::server {
namespace {

int print_version() {
    std::cout << "seeother " << SEEOTHER_VERSION << "\n";
    return 0;
}

int serve_command(const std::vector<std::string>& args) {
    std::vector<const char*> argv = {"seeother serve"};
    for (const auto& arg : args)
        argv.push_back(arg.c_str());
    const auto options = parse_options(static_cast<int>(argv.size()), argv.data());
    if (options.help) {
        std::cout << usage();
        return 0;
    }
    if (options.version)
        return print_version();
    return serve(options);
}

std::string command_names() {
    std::string names;
    const auto& table = commands();
    for (std::size_t i = 0; i < table.size(); ++i)
        names += std::string(i == 0                  ? ""
                             : i + 1 == table.size() ? " and "
                                                     : ", ") +
                 std::string(table[i].name);
    return names;
}

UsageError unknown_command(const std::string& name) {
    return UsageError("unknown command '" + name + "': the commands are " + command_names() +
                      " (see seeother help)");
}

int help_command(const std::vector<std::string>& args) {
    if (args.size() > 1)
        throw UsageError("help takes one command name at most (see seeother help)");
    if (!args.empty()) {
        const Command* command = find_command(commands(), args.front());
        if (!command)
            throw unknown_command(args.front());
        std::cout << (command->usage ? command->usage()
                                     : "Usage: seeother " + std::string(command->name) + "\n" +
                                           std::string(command->summary) + "\n");
        return 0;
    }
    std::size_t width = 0;
    for (const auto& command : commands())
        width = std::max(width, command.name.size());
    std::cout << "Usage: seeother [COMMAND] [ARGUMENT]...\n\nCommands:\n";
    for (const auto& command : commands())
        std::cout << "  " << command.name << std::string(width + 2 - command.name.size(), ' ')
                  << command.summary << "\n";
    std::cout << "\nWithout a command, or with an option first, seeother serves: `seeother "
                 "--data x.ttl ...`\nis `seeother serve --data x.ttl ...`.\n\n"
              << usage();
    return 0;
}

int version_command(const std::vector<std::string>& args) {
    if (!args.empty())
        throw UsageError("version takes no arguments");
    return print_version();
}

} // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"serve", "serve RDF data as Linked Data over HTTP (the default)", serve_command, usage},
        {"help", "show this help, or a command's (seeother help COMMAND)", help_command, nullptr},
        {"version", "show the version", version_command, nullptr},
    };
    return table;
}

const Command* find_command(const std::vector<Command>& table, std::string_view name) {
    const auto found =
        std::find_if(table.begin(), table.end(), [&](const Command& c) { return c.name == name; });
    return found == table.end() ? nullptr : &*found;
}

Invocation dispatch(const std::vector<Command>& table, const std::vector<std::string>& args) {
    if (!args.empty() && (args.front() == "--help" || args.front() == "-h"))
        return {find_command(table, "help"), "help", {}};
    if (args.empty() || args.front().rfind('-', 0) == 0)
        return {find_command(table, "serve"), "serve", args};
    return {find_command(table, args.front()), args.front(), {args.begin() + 1, args.end()}};
}

int run_command_line(int argc, const char* const* argv) {
    try {
        const auto invocation =
            dispatch(commands(), std::vector<std::string>(argv + 1, argv + argc));
        if (!invocation.command)
            throw unknown_command(invocation.name);
        return invocation.command->run(invocation.args);
    } catch (const UsageError& e) {
        std::cerr << "seeother: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "seeother: error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace seeother::server
