// libFuzzer entry point. The input is an Accept field value: parse_accept, then choose over every
// subset of the formats.
#include "check_accept.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto problem = seeother::fuzz::check_accept(input))
        seeother::fuzz::report("fuzz_accept", input, *problem);
    return 0;
}
