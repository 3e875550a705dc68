// The command line's front: which command a command line runs, with which arguments.
#include "server/cli/commands.hpp"

#include <catch2/catch.hpp>

using seeother::server::Command;
using seeother::server::commands;
using seeother::server::dispatch;
using Args = std::vector<std::string>;

namespace {

int nothing(const Args&) {
    return 0;
}

/// The name of the command `args` runs, and its arguments, as one line to compare.
std::string run_by(const std::vector<Command>& table, const Args& args) {
    const auto invocation = dispatch(table, args);
    std::string line = invocation.command ? std::string(invocation.command->name)
                                          : "unknown '" + invocation.name + "'";
    for (const auto& arg : invocation.args)
        line += " " + arg;
    return line;
}

} // namespace

TEST_CASE("every command line of the old form is served, options and all", "[commands]") {
    CHECK(run_by(commands(), {}) == "serve");
    CHECK(run_by(commands(), {"--data", "a.ttl", "--base", "http://e/"}) ==
          "serve --data a.ttl --base http://e/");
    CHECK(run_by(commands(), {"--listen=127.0.0.1:0"}) == "serve --listen=127.0.0.1:0");
    // serve's own --version, and a bad option, are serve's to handle, as before.
    CHECK(run_by(commands(), {"--version"}) == "serve --version");
    CHECK(run_by(commands(), {"--bogus"}) == "serve --bogus");
}

TEST_CASE("a first argument that is not an option names the command", "[commands]") {
    CHECK(run_by(commands(), {"serve"}) == "serve");
    CHECK(run_by(commands(), {"serve", "--data", "a.ttl"}) == "serve --data a.ttl");
    CHECK(run_by(commands(), {"help"}) == "help");
    CHECK(run_by(commands(), {"help", "serve"}) == "help serve");
    CHECK(run_by(commands(), {"version"}) == "version");
    CHECK(run_by(commands(), {"frobnicate", "--data", "x"}) == "unknown 'frobnicate' --data x");
    CHECK(run_by(commands(), {""}) == "unknown ''");
    // Names are exact: no abbreviations, no case folding.
    CHECK(run_by(commands(), {"Serve"}) == "unknown 'Serve'");
    CHECK(run_by(commands(), {"ser"}) == "unknown 'ser'");
}

TEST_CASE("--help first shows the commands", "[commands]") {
    CHECK(run_by(commands(), {"--help"}) == "help");
    CHECK(run_by(commands(), {"-h"}) == "help");
    // Later, it is serve's option.
    CHECK(run_by(commands(), {"--data", "a.ttl", "--help"}) == "serve --data a.ttl --help");
}

TEST_CASE("a new command is one row of the table", "[commands]") {
    std::vector<Command> table = commands();
    table.push_back({"check", "read the data and report its errors", nothing, nullptr});
    CHECK(run_by(table, {"check", "--data", "a.ttl"}) == "check --data a.ttl");
    CHECK(run_by(table, {"--data", "a.ttl"}) == "serve --data a.ttl");
}

TEST_CASE("every command has a name, a one-line summary and a function", "[commands]") {
    REQUIRE(commands().size() >= 3);
    CHECK(commands().front().name == "serve");
    for (const auto& command : commands()) {
        CAPTURE(command.name);
        CHECK(command.name.find_first_of(" -") == std::string_view::npos);
        CHECK_FALSE(command.summary.empty());
        CHECK(command.summary.find('\n') == std::string_view::npos);
        CHECK(command.run != nullptr);
    }
}
