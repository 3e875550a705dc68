// libFuzzer entry point. The input is a raw request path: both percent-decodings, iri_to_uri, and
// resolve against the fuzz data set.
#include "check_path.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto problem = seeother::fuzz::check_path(input))
        seeother::fuzz::report("fuzz_path", input, *problem);
    return 0;
}
