// libFuzzer entry point. The input is what a client sends on one connection; the session
// must answer it the same in one piece, cut anywhere, or a byte at a time (see
// check_connection.hpp).
#include "check_connection.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto problem = seeother::fuzz::check_connection(input))
        seeother::fuzz::report("fuzz_connection", input, *problem);
    return 0;
}
