#include "server/coding.hpp"

#include <catch2/catch.hpp>

using seeother::server::content_coding;
using seeother::server::is_compressible;

TEST_CASE("text types and a few application types are compressible", "[coding]") {
    CHECK(is_compressible("text/turtle; charset=utf-8"));
    CHECK(is_compressible("text/html; charset=utf-8"));
    CHECK(is_compressible("application/json"));
    CHECK_FALSE(is_compressible("text/event-stream"));
    CHECK_FALSE(is_compressible("application/n-triples; charset=utf-8"));
    CHECK_FALSE(is_compressible("application/ld+json"));
}

TEST_CASE("brotli is preferred to gzip, and nothing is chosen without either", "[coding]") {
    const char* turtle = "text/turtle; charset=utf-8";
    CHECK(content_coding("gzip, deflate, br", turtle) == "br");
    CHECK(content_coding("gzip", turtle) == "gzip");
    CHECK(content_coding("deflate", turtle).empty());
    CHECK(content_coding("", turtle).empty());
    CHECK(content_coding("gzip", "application/n-triples; charset=utf-8").empty());
}
