// libFuzzer entry point. The input is a whole request (see parse_request in check_request.hpp),
// answered by the Service for three deployments.
#include "check_request.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto problem = seeother::fuzz::check_request(input))
        seeother::fuzz::report("fuzz_request", input, *problem);
    return 0;
}
