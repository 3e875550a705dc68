// The seeother executable: argv → a command (server/cli/commands.hpp) → exit code.
#include "server/cli/commands.hpp"

int main(int argc, char** argv) {
    return seeother::server::run_command_line(argc, argv);
}
