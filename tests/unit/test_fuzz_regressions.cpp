// Inputs the fuzz targets found, replayed through the same checks (fuzz/check_*.hpp) on the
// same data set (fuzz/fuzz_data.hpp). The inputs live in fuzz/regressions/<target>/, where
// fuzz/run also replays them; each stays after its fix so the bug cannot come back.
#include "fuzz/check_connection.hpp"
#include "fuzz/check_load.hpp"
#include "fuzz/check_path.hpp"
#include "fuzz/check_request.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace {

std::string seed(const std::string& target, const std::string& name) {
    const std::string path =
        std::string(SEEOTHER_TEST_DATA) + "/../../fuzz/corpus/" + target + "/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string regression(const std::string& target, const std::string& name) {
    const std::string path =
        std::string(SEEOTHER_TEST_DATA) + "/../../fuzz/regressions/" + target + "/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Replays a saved input through its target's checks; a problem fails the test with it.
template <class Check>
void replay(const std::string& target, const std::string& name, Check check) {
    const auto input = regression(target, name);
    CAPTURE(input);
    const auto problem = check(input);
    INFO(problem.value_or(""));
    CHECK_FALSE(problem);
}

} // namespace

TEST_CASE("a document's Content-Location never names another thing's document", "[fuzz]") {
    // GET /doc/v1.0 advertises /doc/v1.0.ttl, but <base>id/v1.0.ttl is described itself, so
    // that URL serves a different thing.
    replay("fuzz_request", "content_location_names_another_thing",
           [](const std::string& in) { return seeother::fuzz::check_request(in); });
}

TEST_CASE("a failed If-Match is a 412, an answer the request checks expect", "[fuzz]") {
    // If-Match: cce*pt-E... matches no ETag: RFC 9110 §13.1.1 answers 412.
    replay("fuzz_request", "if_match_that_fails_is_412",
           [](const std::string& in) { return seeother::fuzz::check_request(in); });
}

TEST_CASE("the home page at its reserved path is the home page", "[fuzz]") {
    // /.well-known/seeother/ is the home page whatever the data describes.
    replay("fuzz_path", "home_at_its_reserved_path",
           [](const std::string& in) { return seeother::fuzz::check_path(in); });
}

TEST_CASE("a 303 for a name with '?' leads to its document, not to a 404", "[fuzz]") {
    // /id/what%3F is about <base>id/what?; the Location /doc/what? loses the '?' as a query.
    replay("fuzz_request", "see_other_to_name_with_question_mark",
           [](const std::string& in) { return seeother::fuzz::check_request(in); });
}

TEST_CASE("the format URLs of a name ending in '/' resolve to that name", "[fuzz]") {
    // <base>id/dir/ is described, but /doc/dir/.ttl (its Content-Location and Link) is 404.
    replay("fuzz_path", "extension_urls_of_name_ending_in_slash",
           [](const std::string& in) { return seeother::fuzz::check_path(in); });
}

TEST_CASE("an encoded slash does not turn /id/x into a hash document", "[fuzz]") {
    // /id%2Ffrag serves <base>id/frag#f as the hash document id/frag, though /id/frag is a 404
    // (as the contract asks) and so are the format URLs the reply advertises.
    replay("fuzz_path", "hash_document_under_id_via_encoded_slash",
           [](const std::string& in) { return seeother::fuzz::check_path(in); });
}

TEST_CASE("a loading error just after a line end has a column", "[fuzz]") {
    // Serd places an error just after a line end at column 0: fuzz.nt:2:0.
    replay("fuzz_load", "error_after_line_end_in_column_0",
           [](const std::string& in) { return seeother::fuzz::check_load(in); });
}

TEST_CASE("a loading error at the end of the input is placed within it", "[fuzz]") {
    // An IRI cut off by the end of the input: serd placed the error two bytes past the end.
    replay("fuzz_load", "error_past_the_end_of_input",
           [](const std::string& in) { return seeother::fuzz::check_load(in); });
}

TEST_CASE("an error of the parser's own just after a line end has a column", "[fuzz]") {
    // An undefined prefix, placed by reading again up to the statement: fuzz.ttl:2:0.
    replay("fuzz_load", "sink_error_just_after_a_line_end",
           [](const std::string& in) { return seeother::fuzz::check_load(in); });
}

TEST_CASE("a failure serd does not place is placed where serd stopped", "[fuzz]") {
    // A TriG subject with no predicate before a '}': serd fails without saying where.
    replay("fuzz_load", "failure_serd_does_not_place",
           [](const std::string& in) { return seeother::fuzz::check_load(in); });
}

TEST_CASE("a blank node label right before a dot is stored whole", "[fuzz]") {
    // _:b3. : serd leaves the '.' after the label in its buffer, and Sord's copy of the label
    // had no NUL: ASan saw strcmp read past it.
    replay("fuzz_load", "blank_label_before_dot_read_past_its_copy",
           [](const std::string& in) { return seeother::fuzz::check_load(in); });
}

TEST_CASE("each connection seed is answered alike in one piece, cut anywhere, or bytewise",
          "[fuzz]") {
    for (const char* name :
         {"pipelined", "content_holding_a_request", "chunked", "expect_continue",
          "content_too_large", "absolute_form", "http10_keep_alive", "connection_close", "obs_fold",
          "te_and_cl", "application_closes", "keep_alive_limit", "bodiless_and_error"}) {
        CAPTURE(name);
        const auto problem = seeother::fuzz::check_connection(seed("fuzz_connection", name));
        INFO(problem.value_or(""));
        CHECK_FALSE(problem);
    }
}
