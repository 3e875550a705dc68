// The seeother executable: argv → Options → serve → exit code.
#include "server/cli/options.hpp"
#include "server/cli/serve.hpp"

#include <iostream>

int main(int argc, char** argv) {
    using namespace seeother;
    try {
        const auto options = server::parse_options(argc, argv);
        if (options.help) {
            std::cout << server::usage();
            return 0;
        }
        if (options.version) {
            std::cout << "seeother " << SEEOTHER_VERSION << "\n";
            return 0;
        }
        return server::serve(options);
    } catch (const server::UsageError& e) {
        std::cerr << "seeother: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "seeother: error: " << e.what() << "\n";
        return 1;
    }
}
