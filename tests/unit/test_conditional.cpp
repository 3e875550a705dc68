#include "server/ld/conditional.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

using namespace seeother::server;
using seeother::test::make_request;

namespace {

constexpr std::time_t modified = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
constexpr const char* at = "Sun, 06 Nov 1994 08:49:37 GMT";
constexpr const char* before = "Sun, 06 Nov 1994 08:49:36 GMT";
constexpr const char* after = "Sun, 06 Nov 1994 08:49:38 GMT";
constexpr const char* tag = "\"abc\"";

const Validators selected{tag, modified};

Precondition evaluate(Headers headers, std::string method = "GET") {
    return evaluate_preconditions(make_request("/doc/x", std::move(headers), std::move(method)),
                                  selected);
}

} // namespace

TEST_CASE("If-Modified-Since: not modified since that date is 304, modified after is 200",
          "[conditional]") {
    CHECK(evaluate({{"If-Modified-Since", at}}) == Precondition::NotModified);
    CHECK(evaluate({{"If-Modified-Since", after}}) == Precondition::NotModified);
    CHECK(evaluate({{"If-Modified-Since", before}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Modified-Since", at}}, "HEAD") == Precondition::NotModified);
}

TEST_CASE("If-Unmodified-Since: modified after that date is 412", "[conditional]") {
    CHECK(evaluate({{"If-Unmodified-Since", before}}) == Precondition::Failed);
    CHECK(evaluate({{"If-Unmodified-Since", at}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Unmodified-Since", after}}) == Precondition::Proceed);
}

TEST_CASE("If-Match compares strongly: the tag, a list with it or * hold, a weak tag fails",
          "[conditional]") {
    CHECK(evaluate({{"If-Match", tag}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Match", "\"x\", \"abc\""}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Match", "\"x\""}, {"If-Match", "\"abc\""}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Match", "*"}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Match", "W/\"abc\""}}) == Precondition::Failed);
    CHECK(evaluate({{"If-Match", "\"x\""}}) == Precondition::Failed);
}

TEST_CASE("If-None-Match compares weakly: 304 for GET and HEAD", "[conditional]") {
    CHECK(evaluate({{"If-None-Match", "W/\"abc\""}}) == Precondition::NotModified);
    CHECK(evaluate({{"If-None-Match", "*"}}, "HEAD") == Precondition::NotModified);
    CHECK(evaluate({{"If-None-Match", "\"x\""}}) == Precondition::Proceed);
}

TEST_CASE("preconditions are evaluated in RFC 9110 §13.2.2's order", "[conditional]") {
    // Step 1 before 2: If-Match present, If-Unmodified-Since is not evaluated.
    CHECK(evaluate({{"If-Match", tag}, {"If-Unmodified-Since", before}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Match", "\"x\""}, {"If-Unmodified-Since", after}}) ==
          Precondition::Failed);
    // Steps 1-2 before 3-4: a failed If-Match is 412 even when If-None-Match would be 304.
    CHECK(evaluate({{"If-Match", "\"x\""}, {"If-None-Match", tag}}) == Precondition::Failed);
    CHECK(evaluate({{"If-Unmodified-Since", before}, {"If-Modified-Since", at}}) ==
          Precondition::Failed);
    // Step 3 before 4: If-None-Match present, If-Modified-Since is not evaluated, either way.
    CHECK(evaluate({{"If-None-Match", "\"x\""}, {"If-Modified-Since", after}}) ==
          Precondition::Proceed);
    CHECK(evaluate({{"If-None-Match", tag}, {"If-Modified-Since", before}}) ==
          Precondition::NotModified);
}

TEST_CASE("If-Modified-Since applies to GET and HEAD only, a matching If-None-Match on another "
          "method is 412",
          "[conditional]") {
    CHECK(evaluate({{"If-Modified-Since", at}}, "POST") == Precondition::Proceed);
    CHECK(evaluate({{"If-None-Match", tag}}, "DELETE") == Precondition::Failed);
}

TEST_CASE("a date that is no HTTP-date, a date given twice, or no Last-Modified is ignored",
          "[conditional]") {
    CHECK(evaluate({{"If-Modified-Since", "yesterday"}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Unmodified-Since", "Sun, 06 Nov 1994"}}) == Precondition::Proceed);
    CHECK(evaluate({{"If-Modified-Since", at}, {"If-Modified-Since", at}}) ==
          Precondition::Proceed);
    const Validators no_date{tag, std::nullopt};
    CHECK(evaluate_preconditions(make_request("/", {{"If-Unmodified-Since", before}}), no_date) ==
          Precondition::Proceed);
}

TEST_CASE("a 304 keeps ETag, Content-Location, Vary and Cache-Control, and no body",
          "[conditional]") {
    Reply ok;
    ok.set("Content-Type", "text/turtle");
    ok.set("ETag", tag);
    ok.set("Last-Modified", at);
    ok.set("Content-Location", "http://x/doc/a.ttl");
    ok.set("Vary", "Accept");
    ok.set("Cache-Control", "max-age=60");
    ok.set("Link", "<http://x/doc/a.nt>; rel=\"alternate\"");
    ok.body = "<a> <b> <c> .";
    const auto answered =
        apply_preconditions(make_request("/doc/a", {{"If-Modified-Since", at}}), ok);
    REQUIRE(answered);
    CHECK(answered->status == 304);
    CHECK(answered->body.empty());
    CHECK(answered->header("ETag") == tag);
    CHECK(answered->header("Content-Location") == "http://x/doc/a.ttl");
    CHECK(answered->header("Vary") == "Accept");
    CHECK(answered->header("Cache-Control") == "max-age=60");
    CHECK(answered->header("Content-Type").empty());
    CHECK(answered->header("Link").empty());
}

TEST_CASE("a failed precondition is a 412 problem, replies other than 200 stay as they are",
          "[conditional]") {
    Reply ok;
    ok.set("ETag", tag);
    ok.set("Last-Modified", at);
    const auto failed =
        apply_preconditions(make_request("/doc/a", {{"If-Unmodified-Since", before}}), ok);
    REQUIRE_FALSE(failed);
    CHECK(failed.problem().status == 412);
    Reply see_other = ok;
    see_other.status = 303;
    const auto redirected =
        apply_preconditions(make_request("/id/a", {{"If-Modified-Since", at}}), see_other);
    REQUIRE(redirected);
    CHECK(redirected->status == 303);
}
