// libFuzzer entry point. The input is RDF text for the loader, its first byte choosing the
// syntax (check_load.hpp): loaded into the Sord store in a thread with a 512 KiB stack, each
// subject described and its HTML page rendered.
#include "check_load.hpp"
#include "report.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto problem = seeother::fuzz::check_load(input))
        seeother::fuzz::report("fuzz_load", input, *problem);
    return 0;
}
