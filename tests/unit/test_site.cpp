#include "server/ld/site.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

using seeother::server::public_base;
using seeother::server::Request;
using seeother::server::Site;

namespace {

Request request_with(seeother::server::Headers headers, std::string version = "HTTP/1.1") {
    return seeother::test::make_request("/id/a", std::move(headers), "GET", std::move(version));
}

Site site(bool trust_proxy = false) {
    Site s = seeother::test::site();
    s.trust_proxy = trust_proxy;
    return s;
}

} // namespace

TEST_CASE("the public URL comes from the Host header", "[site]") {
    CHECK(*public_base(request_with({{"Host", "127.0.0.1:8080"}}), site()) ==
          "http://127.0.0.1:8080/");
    CHECK(*public_base(request_with({{"Host", "[::1]:80"}}), site()) == "http://[::1]:80/");
}

TEST_CASE("a --public-url wins over Host and forwarded headers", "[site]") {
    Site s = site(true);
    s.public_url = "https://data.example.com/";
    CHECK(*public_base(request_with({{"Host", "127.0.0.1:8080"}, {"X-Forwarded-Host", "x"}}), s) ==
          "https://data.example.com/");
}

TEST_CASE("forwarded headers are ignored unless the proxy is trusted", "[site]") {
    const auto request = request_with({{"Host", "internal:8080"},
                                       {"X-Forwarded-Proto", "https"},
                                       {"X-Forwarded-Host", "data.example.com"}});
    CHECK(*public_base(request, site(false)) == "http://internal:8080/");
    CHECK(*public_base(request, site(true)) == "https://data.example.com/");
}

TEST_CASE("Forwarded (RFC 7239) is preferred and its first element is used", "[site]") {
    const auto request = request_with(
        {{"Host", "internal:8080"},
         {"Forwarded", "for=1.2.3.4;proto=https;host=\"pub.example\", for=5.6.7.8;host=inner"},
         {"X-Forwarded-Host", "ignored"}});
    CHECK(*public_base(request, site(true)) == "https://pub.example/");
}

TEST_CASE("X-Forwarded lists use their first value", "[site]") {
    const auto request = request_with({{"Host", "internal"},
                                       {"X-Forwarded-Proto", "https, http"},
                                       {"X-Forwarded-Host", "a.example, b.example"}});
    CHECK(*public_base(request, site(true)) == "https://a.example/");
}

TEST_CASE("a missing Host is malformed in HTTP/1.1 and falls back to --base in 1.0", "[site]") {
    CHECK_FALSE(public_base(request_with({}), site()));
    CHECK(*public_base(request_with({}, "HTTP/1.0"), site()) == "http://example.org/");
}

TEST_CASE("a Host that is not an authority is malformed", "[site]") {
    for (const char* host : {"a b", "evil.com/path", "x\"><script>", "a@b"}) {
        CAPTURE(host);
        CHECK_FALSE(public_base(request_with({{"Host", host}}), site()));
    }
}
