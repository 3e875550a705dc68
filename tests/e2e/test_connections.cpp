// HTTP/1.1 connections as clients, proxies and attackers use them: pipelining, request
// bodies, strict framing, closing, absolute-form targets and versions (issue 11's table),
// over raw sockets against the real binary.
#include "raw_http.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

using namespace seeother::test;
using Catch::Matchers::Contains;

namespace {

/// A request that is answered 303 to http://HOST/doc/alice; sent after a test's bytes, its
/// reply shows that nothing else was taken for a request in between.
const std::string sentinel = get_request("/id/alice", "sentinel");

void check_sentinel(RawConnection& c) {
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(reply->header("Location") == "http://sentinel/doc/alice");
}

/// Sends `bytes` on a fresh connection; the reply must have `status` and the connection
/// must then be closed by the server, with nothing more sent.
void check_refused_and_closed(const std::string& bytes, int status) {
    CAPTURE(bytes);
    RawConnection c(fixture_server().port());
    c.send(bytes);
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == status);
    CHECK(reply->header("Connection") == "close");
    CHECK(reply->header("Access-Control-Allow-Origin") == "*");
    CHECK(c.closed_by_server());
}

void moment() {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

} // namespace

TEST_CASE("three pipelined requests in one segment are answered in order", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send(get_request("/id/alice") + get_request("/id/nobody") + get_request("/id/bob", "b"));
    const auto first = c.next();
    const auto second = c.next();
    const auto third = c.next();
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    CHECK(first->header("Location") == "http://a/doc/alice");
    CHECK(second->status == 404);
    CHECK(third->header("Location") == "http://b/doc/bob");
}

TEST_CASE("a request sent byte by byte is answered as one", "[connections]") {
    RawConnection c(fixture_server().port());
    const auto request = get_request("/id/alice", "a", "Accept: text/turtle\r\n");
    for (const char byte : request)
        c.send(std::string(1, byte));
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->header("Location") == "http://a/doc/alice");
    c.send(sentinel);
    check_sentinel(c);
}

TEST_CASE("a POST's body is never a request, even one holding a request", "[connections]") {
    std::string body(8000, 'x');
    const std::string inner = "GET /doc/bob.nt HTTP/1.1\r\nHost: a\r\n\r\n";
    body.replace(4096, inner.size(), inner);
    RawConnection c(fixture_server().port());
    c.send("POST /doc/alice HTTP/1.1\r\nHost: a\r\nContent-Length: 8000\r\n\r\n" + body + sentinel);
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 405);
    check_sentinel(c);
}

TEST_CASE("a body over 64 KiB is 413 and the connection closes", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send("GET /id/alice HTTP/1.1\r\nHost: a\r\nContent-Length: 10485760\r\n\r\n");
    c.send(std::string(256 * 1024, 'G'));
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 413);
    CHECK(reply->header("Connection") == "close");
    CHECK(c.closed_by_server());
}

TEST_CASE("a chunked body over 64 KiB is 413 and the connection closes", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send("GET /id/alice HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
    for (int i = 0; i < 5; ++i)
        c.send(chunk);
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 413);
    CHECK(c.closed_by_server());
}

TEST_CASE("a line without a colon, space before a colon or NUL in a name is 400 and closes",
          "[connections]") {
    check_refused_and_closed("GET /id/alice HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n", 400);
    check_refused_and_closed("GET /id/alice HTTP/1.1\r\nHost: a\r\nAccept : text/html\r\n\r\n",
                             400);
    check_refused_and_closed(
        std::string("GET /id/alice HTTP/1.1\r\nHost: a\r\nX-A\0b: c\r\n\r\n", 43), 400);
    check_refused_and_closed("GET /id/alice HTTP/1.1\r\nHost: a\r\nX-\x7F: c\r\n\r\n", 400);
}

TEST_CASE("Transfer-Encoding with Content-Length is 400 and closes", "[connections]") {
    check_refused_and_closed("POST /doc/alice HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                             400);
}

TEST_CASE("a body sent a moment after the head is read and discarded", "[connections]") {
    const std::string inner = "GET /id/bob HTTP/1.1\r\nHost: evil\r\n\r\n";
    SECTION("with Content-Length") {
        RawConnection c(fixture_server().port());
        c.send(get_request("/id/alice", "a",
                           "Content-Length: " + std::to_string(inner.size()) + "\r\n"));
        moment();
        c.send(inner);
        const auto reply = c.next();
        REQUIRE(reply);
        CHECK(reply->header("Location") == "http://a/doc/alice");
        c.send(sentinel);
        check_sentinel(c);
    }
    SECTION("chunked") {
        RawConnection c(fixture_server().port());
        c.send(get_request("/id/alice", "a", "Transfer-Encoding: chunked\r\n"));
        moment();
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", inner.size());
        c.send(size + inner + "\r\n");
        moment();
        c.send("0\r\n\r\n");
        const auto reply = c.next();
        REQUIRE(reply);
        CHECK(reply->header("Location") == "http://a/doc/alice");
        c.send(sentinel);
        check_sentinel(c);
    }
    SECTION("after 100 Continue") {
        RawConnection c(fixture_server().port());
        c.send(get_request(
            "/id/alice", "a",
            "Expect: 100-continue\r\nContent-Length: " + std::to_string(inner.size()) + "\r\n"));
        const auto interim = c.next(true);
        REQUIRE(interim);
        CHECK(interim->status == 100);
        c.send(inner);
        const auto reply = c.next();
        REQUIRE(reply);
        CHECK(reply->header("Location") == "http://a/doc/alice");
        c.send(sentinel);
        check_sentinel(c);
    }
}

TEST_CASE("a Content-Length that is not digits and Transfer-Encoding: identity are 400",
          "[connections]") {
    for (const char* field :
         {"Content-Length: %33%34", "Content-Length: +5", "Content-Length: 5, 5",
          "Transfer-Encoding: identity", "Transfer-Encoding: chunked, chunked"}) {
        check_refused_and_closed(
            get_request("/id/alice", "a", field + std::string("\r\n")) + "12345", 400);
    }
}

TEST_CASE("Connection: close, in any case or in a list, closes after the reply", "[connections]") {
    for (const char* field : {"Connection: Close", "Connection: keep-alive, close",
                              "Connection: keep-alive\r\nConnection: CLOSE"}) {
        CAPTURE(field);
        RawConnection c(fixture_server().port());
        c.send(get_request("/id/alice", "a", field + std::string("\r\n")));
        const auto reply = c.next();
        REQUIRE(reply);
        CHECK(reply->status == 303);
        CHECK(reply->header("Connection") == "close");
        CHECK(c.closed_by_server());
    }
}

TEST_CASE("a folded field line and a bare LF line end are 400", "[connections]") {
    check_refused_and_closed(
        "GET /doc/alice HTTP/1.1\r\nHost: a\r\nAccept: image/png,\r\n text/html\r\n\r\n", 400);
    check_refused_and_closed("GET /id/alice HTTP/1.1\r\nHost: a\nHost: b\r\n\r\n", 400);
    check_refused_and_closed("GET /id/alice HTTP/1.1\nHost: a\r\n\r\n", 400);
    check_refused_and_closed("GET /id/alice HTTP/1.1\r\nHost: a\r\n\n", 400);
}

TEST_CASE("an absolute-form target's authority wins over Host", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send("GET http://other/id/alice HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(reply->header("Location") == "http://other/doc/alice");
    c.send("GET HTTP://Other:8080/id/bob?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto upper = c.next();
    REQUIRE(upper);
    CHECK(upper->header("Location") == "http://Other:8080/doc/bob");
}

TEST_CASE("a target of another scheme is 400", "[connections]") {
    check_refused_and_closed("GET foo://x/id/alice HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    check_refused_and_closed("GET http://u@x/id/alice HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    check_refused_and_closed("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400);
}

TEST_CASE("HTTP/1.0 without Host is served, and closed unless kept alive", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send("GET /id/alice HTTP/1.0\r\n\r\n");
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(reply->header("Location") == std::string(fixture_base) + "doc/alice");
    CHECK(c.closed_by_server());

    RawConnection kept(fixture_server().port());
    kept.send("GET /id/alice HTTP/1.0\r\nConnection: keep-alive\r\nHost: a\r\n\r\n");
    const auto first = kept.next();
    REQUIRE(first);
    CHECK(first->header("Connection") == "keep-alive");
    kept.send(sentinel);
    check_sentinel(kept);
}

TEST_CASE("an unknown method is 501 and HTTP/1.2 is 505", "[connections]") {
    check_refused_and_closed("BREW /id/alice HTTP/1.1\r\nHost: a\r\n\r\n", 501);
    check_refused_and_closed("get /id/alice HTTP/1.1\r\nHost: a\r\n\r\n", 501);
    check_refused_and_closed("GET /id/alice HTTP/1.2\r\nHost: a\r\n\r\n", 505);
    check_refused_and_closed("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
}

TEST_CASE("a malformed request line is 400 and closes", "[connections]") {
    check_refused_and_closed("NONSENSE\r\n\r\n", 400);
    check_refused_and_closed("GET  /id/alice HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    check_refused_and_closed("GET /id/alice HTTP/1.1 \r\nHost: a\r\n\r\n", 400);
    check_refused_and_closed("GET /id/alice HTTX/1.1\r\nHost: a\r\n\r\n", 400);
}

TEST_CASE("every error reply closes the connection: 414 and 431 too", "[connections]") {
    check_refused_and_closed(get_request("/id/" + std::string(9000, 'a')), 414);
    check_refused_and_closed(
        get_request("/id/alice", "a", "X-Big: " + std::string(9000, 'b') + "\r\n"), 431);
    std::string many;
    for (int i = 0; i < 150; ++i)
        many += "X-" + std::to_string(i) + ": v\r\n";
    check_refused_and_closed(get_request("/id/alice", "a", many), 431);
}

TEST_CASE("a client that half-closes after its request still gets the reply", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send(get_request("/id/alice") + get_request("/id/bob"));
    c.shutdown_write();
    const auto first = c.next();
    const auto second = c.next();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->header("Location") == "http://a/doc/alice");
    CHECK(second->header("Location") == "http://a/doc/bob");
    CHECK(c.closed_by_server());
}

TEST_CASE("a Range that does not parse is ignored, not 416", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send(get_request("/doc/alice.ttl", "a", "Range: bytes=abc\r\n"));
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->header("Accept-Ranges") == "none");
}

TEST_CASE("204 and 304 replies carry no Content-Length", "[connections]") {
    RawConnection c(fixture_server().port());
    c.send("OPTIONS /doc/alice HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto options = c.next();
    REQUIRE(options);
    CHECK(options->status == 204);
    CHECK(options->count("Content-Length") == 0);
    c.send(get_request("/doc/alice.ttl"));
    const auto full = c.next();
    REQUIRE(full);
    c.send(get_request("/doc/alice.ttl", "a", "If-None-Match: " + full->header("ETag") + "\r\n"));
    const auto not_modified = c.next();
    REQUIRE(not_modified);
    CHECK(not_modified->status == 304);
    CHECK(not_modified->count("Content-Length") == 0);
    c.send(sentinel);
    check_sentinel(c);
}

TEST_CASE("hundreds of slow headers hold no thread each", "[connections]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base));
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 300; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server.port()));
        slow.back()->send("GET /id/alice HTTP/1.1\r\nHost: a\r\nX-Slow: ");
    }
    // Every connection has been accepted once an honest client behind them is answered.
    RawConnection honest(server.port());
    honest.send(sentinel);
    check_sentinel(honest);
    std::ifstream status("/proc/" + std::to_string(server.pid()) + "/status");
    int threads = 0;
    for (std::string line; std::getline(status, line);)
        if (line.rfind("Threads:", 0) == 0)
            threads = std::stoi(line.substr(8));
    CHECK(threads > 0);
    CHECK(threads <= 16);
}

TEST_CASE("a head trickled a byte at a time is cut off at the read timeout for the whole head",
          "[connections]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base,
                                      {"--read-timeout", "1"}));
    RawConnection c(server.port());
    c.send("GET /id/alice HTTP/1.1\r\nHost: a\r\nX-Slow: ");
    // Every byte is progress, but the head as a whole has a deadline: a slowloris client
    // is closed long before it would have sent 40 bytes.
    bool closed = false;
    for (int i = 0; i < 40 && !closed; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        closed = !c.send("x") || c.closed_by_server(0);
    }
    CHECK(closed);
}

TEST_CASE("an idle kept-alive connection closes after the keep-alive timeout", "[connections]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base,
                                      {"--keep-alive-timeout", "1"}));
    RawConnection c(server.port());
    c.send(get_request("/id/alice"));
    REQUIRE(c.next());
    CHECK(c.closed_by_server(10000));
}
