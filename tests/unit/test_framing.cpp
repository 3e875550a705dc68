#include "server/http/framing.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

using seeother::server::malformed;
using seeother::test::make_request;

TEST_CASE("an ordinary request is well-formed", "[framing]") {
    CHECK_FALSE(malformed(make_request("/id/a?x=1", {{"Host", "h"}, {"Content-Length", "0"}})));
    CHECK_FALSE(malformed(make_request("/id/caf\xC3\xA9", {{"Host", "h"}})));
}

TEST_CASE("the request-target may not contain spaces or control characters", "[framing]") {
    for (const char* target : {"/id/a b", "/id/a\x01", "/id/a\x7F", "/id/\t"}) {
        CAPTURE(target);
        CHECK(malformed(make_request(target, {{"Host", "h"}})));
    }
}

TEST_CASE("repeated Host fields are rejected", "[framing]") {
    CHECK(malformed(make_request("/", {{"Host", "a"}, {"host", "b"}})) ==
          std::string("more than one Host header field"));
}

TEST_CASE("Transfer-Encoding with Content-Length is rejected", "[framing]") {
    CHECK(malformed(make_request(
        "/", {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}})));
}

TEST_CASE("an invalid or conflicting Content-Length is rejected", "[framing]") {
    for (const char* length : {"abc", "-1", "1.0", "", "1 2"}) {
        CAPTURE(length);
        CHECK(malformed(make_request("/", {{"Host", "a"}, {"Content-Length", length}})));
    }
    CHECK(malformed(
        make_request("/", {{"Host", "a"}, {"Content-Length", "1"}, {"Content-Length", "2"}})));
    CHECK_FALSE(malformed(
        make_request("/", {{"Host", "a"}, {"Content-Length", "2"}, {"Content-Length", "2"}})));
}

TEST_CASE("NUL, CR or LF in a field value is rejected", "[framing]") {
    for (std::string value : {std::string("a\0b", 3), std::string("a\rb"), std::string("a\nb")}) {
        CHECK(malformed(make_request("/", {{"Host", "a"}, {"X-Thing", value}})));
    }
}

TEST_CASE("too many or too large header fields are too large", "[framing]") {
    using seeother::server::too_large;
    seeother::server::Headers many{{"Host", "a"}};
    for (int i = 0; i < 120; ++i)
        many.emplace_back("X-" + std::to_string(i), "v");
    CHECK(too_large(make_request("/", many)));
    CHECK(too_large(make_request("/", {{"Host", "a"}, {"X-Big", std::string(40000, 'x')}})));
    CHECK_FALSE(too_large(make_request("/", {{"Host", "a"}, {"Accept", "text/turtle"}})));
}
