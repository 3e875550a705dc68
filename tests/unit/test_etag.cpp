#include "server/ld/etag.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include <xxhash.h>

using seeother::server::Comparison;
using seeother::server::entity_tags_match;
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

TEST_CASE("a strong ETag is the body's hash in 16 hex digits, its length in hex, its coding",
          "[etag]") {
    // The tags stay what they were when snprintf wrote them.
    const auto expected = [](const std::string& body, const std::string& coding) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "\"%016llx-%zx",
                      static_cast<unsigned long long>(seeother::server::content_hash(body)),
                      body.size());
        return std::string(buf) + (coding.empty() ? "" : "-" + coding) + "\"";
    };
    for (const std::size_t size :
         {0UL, 1UL, 15UL, 16UL, 17UL, 255UL, 256UL, 4095UL, 4096UL, 65536UL, 1048575UL}) {
        for (const std::string coding : {"", "gzip"}) {
            const std::string body(size, static_cast<char>('a' + size % 26));
            CAPTURE(size, coding);
            CHECK(strong_etag(body, coding) == expected(body, coding));
        }
    }
    CHECK(strong_etag("hello") ==
          expected("hello", "")); // a hash with a leading zero nibble or not
    CHECK(strong_etag("x") == expected("x", ""));
}

TEST_CASE("If-None-Match matches the tag, a list containing it, a weak form or *", "[etag]") {
    const std::string tag = "\"abc\"";
    CHECK(entity_tags_match("\"abc\"", tag, Comparison::Weak));
    CHECK(entity_tags_match("\"x\", \"abc\"", tag, Comparison::Weak));
    CHECK(entity_tags_match("\"x\",\"abc\"", tag, Comparison::Weak));
    CHECK(entity_tags_match("W/\"abc\"", tag, Comparison::Weak));
    CHECK(entity_tags_match("*", tag, Comparison::Weak));
}

TEST_CASE("If-None-Match does not match other tags or nothing", "[etag]") {
    const std::string tag = "\"abc\"";
    CHECK_FALSE(entity_tags_match("", tag, Comparison::Weak));
    CHECK_FALSE(entity_tags_match("\"abd\"", tag, Comparison::Weak));
    CHECK_FALSE(entity_tags_match("abc", tag, Comparison::Weak));
    CHECK_FALSE(entity_tags_match("\"ab\", \"bc\"", tag, Comparison::Weak));
}

TEST_CASE("each content coding has its own strong ETag", "[etag]") {
    const auto identity = strong_etag("body");
    const auto gzip = strong_etag("body", "gzip");
    CHECK(gzip != identity);
    CHECK(gzip != strong_etag("body", "br"));
    CHECK(gzip.substr(gzip.size() - 6) == "-gzip\"");
    CHECK_FALSE(entity_tags_match(identity, gzip, Comparison::Weak));
}

TEST_CASE("the ETag's hash is XXH3's 64 bits, as xxhsum -H3 computes them", "[etag]") {
    using seeother::server::content_hash;
    CHECK(content_hash("") == 0x2d06800538d394c2ULL);
    CHECK(content_hash("abc") == 0x78af5f94892f3950ULL);
    CHECK(content_hash("hello world, this is a longer text of more than 32 bytes") ==
          0xc34f1504dec75ab1ULL);
}

TEST_CASE("the ETag's hash is the same whichever vector code the machine runs", "[etag]") {
    // The dispatching entry point takes AVX2 or AVX-512 where there is one: its value must be
    // the portable code's at every length class (up to 16, 128 and 240 octets, then stripes
    // of 64 and blocks of 1,024, with a partial last one).
    std::string body;
    for (std::size_t size = 0; size <= 5000; size += size < 300 ? 1 : 97) {
        body.resize(size);
        for (std::size_t i = 0; i < size; ++i)
            body[i] = static_cast<char>((i * 131 + size) % 251);
        CAPTURE(size);
        CHECK(seeother::server::content_hash(body) == XXH3_64bits(body.data(), body.size()));
    }
}
