// The command line's front: `seeother [COMMAND] [ARGUMENT]...`, with one table of commands,
// each a thin front over the libraries. serve is the default, so that every command line
// that starts with an option (or is empty) is served as it always was. Another command
// (check, export) is one more row in commands().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

struct Command {
    std::string_view name;
    std::string_view summary; ///< one line, for `seeother help`
    /// Runs the command on its arguments (those after its name); returns the exit code.
    /// Throws UsageError for arguments it cannot take.
    int (*run)(const std::vector<std::string>& args);
    /// The command's own help, when it has more to say than its summary; may be null.
    std::string (*usage)();
};

/// Every command, in the order help lists them.
const std::vector<Command>& commands();

/// The command of `table` called `name`; null when there is none.
const Command* find_command(const std::vector<Command>& table, std::string_view name);

/// What a command line asks for: a command and its arguments, or an unknown command.
struct Invocation {
    const Command* command = nullptr; ///< null: `name` is no command of the table
    std::string name;
    std::vector<std::string> args;
};

/// Reads `args` (argv without the program): `--help` (or `-h`) first is the help command;
/// no arguments, or another option first, is serve with them all (so `--version` is
/// serve's, as it always was); otherwise the first argument names the command. Pure: runs
/// nothing.
Invocation dispatch(const std::vector<Command>& table, const std::vector<std::string>& args);

/// The whole program: dispatches argv, runs the command, reports errors on stderr ("seeother:
/// …" and 2 for a bad command line, "seeother: error: …" and 1 for any other failure) and
/// returns the exit code.
int run_command_line(int argc, const char* const* argv);

} // namespace seeother::server
