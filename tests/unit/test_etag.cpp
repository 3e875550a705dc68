#include "server/ld/etag.hpp"

#include <catch2/catch.hpp>

using seeother::server::none_match;
using seeother::server::strong_etag;

TEST_CASE("a strong ETag is quoted, stable, and differs when the bytes differ", "[etag]") {
    const auto tag = strong_etag("hello");
    CHECK(tag.front() == '"');
    CHECK(tag.back() == '"');
    CHECK(tag.substr(0, 2) != "W/");
    CHECK(tag == strong_etag("hello"));
    CHECK(tag != strong_etag("hellp"));
    CHECK(strong_etag("") != strong_etag(std::string(1, '\0')));
}

TEST_CASE("If-None-Match matches the tag, a list containing it, a weak form or *", "[etag]") {
    const std::string tag = "\"abc\"";
    CHECK(none_match("\"abc\"", tag));
    CHECK(none_match("\"x\", \"abc\"", tag));
    CHECK(none_match("\"x\",\"abc\"", tag));
    CHECK(none_match("W/\"abc\"", tag));
    CHECK(none_match("*", tag));
}

TEST_CASE("If-None-Match does not match other tags or nothing", "[etag]") {
    const std::string tag = "\"abc\"";
    CHECK_FALSE(none_match("", tag));
    CHECK_FALSE(none_match("\"abd\"", tag));
    CHECK_FALSE(none_match("abc", tag));
    CHECK_FALSE(none_match("\"ab\", \"bc\"", tag));
}

TEST_CASE("each content coding has its own strong ETag", "[etag]") {
    const auto identity = strong_etag("body");
    const auto gzip = strong_etag("body", "gzip");
    CHECK(gzip != identity);
    CHECK(gzip != strong_etag("body", "br"));
    CHECK(gzip.substr(gzip.size() - 6) == "-gzip\"");
    CHECK_FALSE(none_match(identity, gzip));
}
