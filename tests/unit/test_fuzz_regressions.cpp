// Inputs the fuzz targets found, replayed through the same checks (fuzz/check_*.hpp) on the
// same data set (fuzz/fuzz_data.hpp). The inputs live in fuzz/regressions/<target>/, where
// fuzz/run also replays them; each stays after its fix so the bug cannot come back.
#include "fuzz/check_path.hpp"
#include "fuzz/check_request.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace {

std::string regression(const std::string& target, const std::string& name) {
    const std::string path =
        std::string(SEEOTHER_TEST_DATA) + "/../../fuzz/regressions/" + target + "/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("a document's Content-Location never names another thing's document", "[fuzz]") {
    // GET /doc/v1.0 advertises /doc/v1.0.ttl, but <base>id/v1.0.ttl is described itself, so
    // that URL serves a different thing.
    const auto input = regression("fuzz_request", "content_location_names_another_thing");
    CAPTURE(input);
    const auto problem = seeother::fuzz::check_request(input);
    INFO(problem.value_or(""));
    CHECK_FALSE(problem);
}

TEST_CASE("a 303 for a name with '?' leads to its document, not to a 404", "[fuzz]") {
    // /id/what%3F is about <base>id/what?; the Location /doc/what? loses the '?' as a query.
    const auto input = regression("fuzz_request", "see_other_to_name_with_question_mark");
    CAPTURE(input);
    const auto problem = seeother::fuzz::check_request(input);
    INFO(problem.value_or(""));
    CHECK_FALSE(problem);
}

TEST_CASE("the format URLs of a name ending in '/' resolve to that name", "[fuzz]") {
    // <base>id/dir/ is described, but /doc/dir/.ttl (its Content-Location and Link) is 404.
    const auto input = regression("fuzz_path", "extension_urls_of_name_ending_in_slash");
    CAPTURE(input);
    const auto problem = seeother::fuzz::check_path(input);
    INFO(problem.value_or(""));
    CHECK_FALSE(problem);
}

TEST_CASE("an encoded slash does not turn /id/x into a hash document", "[fuzz]") {
    // /id%2Ffrag serves <base>id/frag#f as the hash document id/frag, though /id/frag is a 404
    // (as the contract asks) and so are the format URLs the reply advertises.
    const auto input = regression("fuzz_path", "hash_document_under_id_via_encoded_slash");
    CAPTURE(input);
    const auto problem = seeother::fuzz::check_path(input);
    INFO(problem.value_or(""));
    CHECK_FALSE(problem);
}
