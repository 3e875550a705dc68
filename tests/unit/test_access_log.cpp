#include "server/http/access_log.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

using seeother::server::access_log_line;
using seeother::server::log_client;
using seeother::test::make_request;

TEST_CASE("the access log line is the combined log format", "[access_log]") {
    const auto request = make_request(
        "/id/a", {{"Host", "h"}, {"Referer", "http://ref/"}, {"User-Agent", "agent \"x\""}});
    CHECK(access_log_line("192.0.2.1", 0, request, 303, 120) ==
          "192.0.2.1 - - [01/Jan/1970:00:00:00 +0000] \"GET /id/a HTTP/1.1\" 303 120 "
          "\"http://ref/\" \"agent ?x?\"\n");
    seeother::server::Request unread;
    CHECK(access_log_line("192.0.2.1", 0, unread, 400, 0) ==
          "192.0.2.1 - - [01/Jan/1970:00:00:00 +0000] \"-\" 400 0 \"-\" \"-\"\n");
}

TEST_CASE("behind a trusted proxy the log names the client it forwarded for", "[access_log]") {
    const auto xff = make_request("/", {{"X-Forwarded-For", " 203.0.113.7 , 10.0.0.1"}});
    const auto forwarded =
        make_request("/", {{"Forwarded", "for=\"[2001:db8::17]:4711\";proto=https, for=x"}});
    const auto v4 = make_request("/", {{"Forwarded", "proto=http;For=198.51.100.2:80"}});
    const auto none = make_request("/", {{"Forwarded", "proto=https"}});
    CHECK(log_client(xff, "127.0.0.1", true) == "203.0.113.7");
    CHECK(log_client(forwarded, "127.0.0.1", true) == "2001:db8::17");
    CHECK(log_client(v4, "127.0.0.1", true) == "198.51.100.2");
    CHECK(log_client(none, "127.0.0.1", true) == "127.0.0.1");
    CHECK(log_client(xff, "127.0.0.1", false) == "127.0.0.1");
}
