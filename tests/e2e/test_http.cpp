// The contract, checked over real HTTP against the real binary.
#include "http_helpers.hpp"
#include "raw_http.hpp"

#include <catch2/catch.hpp>

using namespace seeother::test;
using Catch::Matchers::Contains;

namespace {

const char* const chromium_accept =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

} // namespace

TEST_CASE("GET /id/X is a 303 to the absolute URL of /doc/X with a linking note", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/id/alice");
    INFO(server.stderr_text());
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == origin(server) + "/doc/alice");
    CHECK(res->get_header_value("Cache-Control") == "max-age=3600");
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    CHECK_THAT(res->body, Contains("href=\"" + origin(server) + "/doc/alice\""));
}

TEST_CASE("following the 303 lands on a 200 Turtle description", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    c.set_follow_location(true);
    auto res = c.Get("/id/alice");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/turtle; charset=utf-8");
    CHECK_THAT(res->body, Contains("Alice"));
}

TEST_CASE("HEAD of /id/X is the 303 without a body", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Head("/id/alice");
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == origin(server) + "/doc/alice");
    CHECK(res->body.empty());
}

TEST_CASE("an IRI the data does not describe is 404, even with only a hash child", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    CHECK(c.Get("/id/nobody")->status == 404);
    CHECK(c.Get("/id/onlyhash")->status == 404);
    CHECK(c.Get("/doc/nobody")->status == 404);
    CHECK(c.Get("/id/nobody")->get_header_value("Access-Control-Allow-Origin") == "*");
}

TEST_CASE("/doc/X carries Vary, Content-Location, Link, ETag and primaryTopic", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/doc/alice");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Vary") == "Accept, Accept-Encoding");
    CHECK(res->get_header_value("Content-Location") == origin(server) + "/doc/alice.ttl");
    CHECK_THAT(res->get_header_value("Link"), Contains("<" + origin(server) +
                                                       "/doc/alice.nt>; rel=\"alternate\"; "
                                                       "type=\"application/n-triples\""));
    CHECK_FALSE(res->get_header_value("ETag").empty());
    CHECK_THAT(res->body, Contains("primaryTopic"));
}

TEST_CASE("a browser's Accept gets HTML and an RDF tool's gets RDF", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    auto html = c.Get("/doc/alice", {{"Accept", chromium_accept}});
    REQUIRE(html);
    CHECK(html->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK_THAT(html->body, Contains("<title>Alice</title>"));
    auto nt = c.Get("/doc/alice", {{"Accept", "application/n-triples, text/turtle;q=0.5"}});
    CHECK(nt->get_header_value("Content-Type") == "application/n-triples; charset=utf-8");
    auto star = c.Get("/doc/alice", {{"Accept", "*/*"}});
    CHECK(star->get_header_value("Content-Type") == "text/turtle; charset=utf-8");
}

TEST_CASE("nothing acceptable is 406 with the alternatives", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/doc/alice", {{"Accept", "image/png, text/turtle;q=0"}});
    REQUIRE(res);
    CHECK(res->status == 406);
    CHECK_THAT(res->body, Contains("application/n-triples"));
}

TEST_CASE("/doc/X.ext selects a format whatever Accept says", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    struct Row {
        const char* path;
        const char* type;
    };
    for (const auto& row : {Row{"/doc/alice.ttl", "text/turtle; charset=utf-8"},
                            Row{"/doc/alice.nt", "application/n-triples; charset=utf-8"},
                            Row{"/doc/alice.html", "text/html; charset=utf-8"}}) {
        CAPTURE(row.path);
        auto res = c.Get(row.path, {{"Accept", "image/png"}});
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == row.type);
    }
}

TEST_CASE("names with dots, slashes and percent-encoded UTF-8 resolve", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    auto dotted = c.Get("/id/v1.0");
    CHECK(dotted->status == 303);
    CHECK(dotted->get_header_value("Location") == origin(server) + "/doc/v1.0");
    CHECK(c.Get("/doc/v1.0")->status == 200);
    CHECK(c.Get("/doc/v1.0.nt")->get_header_value("Content-Type") ==
          "application/n-triples; charset=utf-8");
    CHECK(c.Get("/id/nested/path/thing")->status == 303);
    // Raw, because cpp-httplib's client percent-decodes header values.
    const auto utf8 = raw_exchange(server.port(), "GET /id/zo%C3%AB HTTP/1.1\r\nHost: h\r\n\r\n");
    CHECK(raw_status(utf8) == 303);
    CHECK(raw_header(utf8, "Location") == "http://h/doc/zo%C3%AB");
    auto doc = c.Get("/doc/zo%C3%AB.nt");
    CHECK_THAT(doc->body, Contains("\"Zoë\""));
}

TEST_CASE("a hash vocabulary is served at its namespace path", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/vocab.nt");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_THAT(res->body, Contains("<" + origin(server) + "/vocab#Person>"));
    CHECK_THAT(res->body, Contains("<" + origin(server) + "/vocab#address>"));
    auto negotiated = client(server).Get("/vocab", {{"Accept", chromium_accept}});
    CHECK(negotiated->get_header_value("Content-Location") == origin(server) + "/vocab.html");
}

TEST_CASE("the description has the whole blank-node closure", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/doc/alice.nt");
    CHECK_THAT(res->body, Contains("\"Paris\""));
    CHECK_THAT(res->body, Contains("\"2.35\""));
}

TEST_CASE("local IRIs name this server, never the --base host", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/doc/alice.nt");
    CHECK(res->body.find("http://data.test/") == std::string::npos);
    CHECK_THAT(res->body, Contains("<" + origin(server) +
                                   "/doc/alice> "
                                   "<http://xmlns.com/foaf/0.1/primaryTopic> <" +
                                   origin(server) + "/id/alice> ."));
}

TEST_CASE("ETag and If-None-Match give 304", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    auto first = c.Get("/doc/alice");
    const auto etag = first->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto second = c.Get("/doc/alice", {{"If-None-Match", etag}});
    CHECK(second->status == 304);
    CHECK(second->body.empty());
    CHECK(second->get_header_value("ETag") == etag);
}

TEST_CASE("HEAD answers as GET without a body", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    auto get = c.Get("/doc/alice", {{"Accept", chromium_accept}});
    auto head = c.Head("/doc/alice", {{"Accept", chromium_accept}});
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
    for (const char* name : {"Content-Type", "Content-Length", "ETag", "Vary", "Link",
                             "Content-Location", "Access-Control-Allow-Origin"}) {
        CAPTURE(name);
        CHECK(head->get_header_value(name) == get->get_header_value(name));
    }
}

TEST_CASE("OPTIONS is 204 with Allow and a CORS preflight for Accept succeeds", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    auto res = c.Options("/doc/alice", {{"Origin", "http://app.example"},
                                        {"Access-Control-Request-Method", "GET"},
                                        {"Access-Control-Request-Headers", "Accept"}});
    REQUIRE(res);
    CHECK(res->status == 204);
    CHECK(res->get_header_value("Allow") == "GET, HEAD, OPTIONS");
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    CHECK_THAT(res->get_header_value("Access-Control-Allow-Headers"), Contains("Accept"));
}

TEST_CASE("other methods are 405 with Allow", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    auto post = c.Post("/doc/alice", "x", "text/plain");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD, OPTIONS");
    CHECK(c.Delete("/id/alice")->status == 405);
    CHECK(c.Put("/id/alice", "x", "text/plain")->status == 405);
}

TEST_CASE("CORS headers are on the 303, the 200 and errors, with headers exposed", "[http]") {
    auto& server = fixture_server();
    auto c = client(server);
    for (const char* path : {"/id/alice", "/doc/alice", "/id/nobody", "/id/%zz"}) {
        CAPTURE(path);
        auto res = c.Get(path);
        REQUIRE(res);
        CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
        const auto exposed = res->get_header_value("Access-Control-Expose-Headers");
        for (const char* h : {"Location", "Content-Location", "Link", "Vary"})
            CHECK_THAT(exposed, Contains(h));
    }
}

TEST_CASE("HTML escapes literals and does not link javascript: IRIs", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/doc/hostile.html");
    REQUIRE(res);
    CHECK(res->body.find("<script>") == std::string::npos);
    CHECK_THAT(res->body, Contains("&lt;script&gt;"));
    CHECK(res->body.find("href=\"javascript:") == std::string::npos);
    CHECK_THAT(res->body, Contains("href=\"mailto:someone@example.com\""));
}

TEST_CASE("malformed requests get 400 and the server keeps serving", "[http]") {
    auto& server = fixture_server();
    CHECK(raw_status(raw_exchange(server.port(), "GET /id/%zz HTTP/1.1\r\nHost: a\r\n\r\n")) ==
          400);
    CHECK(raw_status(raw_exchange(server.port(), "GET /id/alice HTTP/1.1\r\n\r\n")) == 400);
    CHECK(raw_status(raw_exchange(server.port(),
                                  "GET /id/alice HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")) == 400);
    CHECK(raw_status(raw_exchange(server.port(), "NONSENSE\r\n\r\n")) == 400);
    CHECK(client(server).Get("/id/alice")->status == 303);
}

TEST_CASE("an oversized request line gets 414 and the server keeps serving", "[http]") {
    auto& server = fixture_server();
    const std::string huge(20000, 'a');
    CHECK(raw_status(raw_exchange(server.port(),
                                  "GET /id/" + huge + " HTTP/1.1\r\nHost: a\r\n\r\n")) == 414);
    CHECK(client(server).Get("/id/alice")->status == 303);
}

TEST_CASE("a --public-url or a trusted proxy decides every link", "[http]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base,
                                      {"--public-url", "https://pub.example/ld"}));
    auto res = client(server).Get("/id/alice");
    CHECK(res->get_header_value("Location") == "https://pub.example/ld/doc/alice");
    auto doc = client(server).Get("/doc/alice.nt");
    CHECK(doc->body.find("127.0.0.1") == std::string::npos);
    CHECK_THAT(doc->body, Contains("<https://pub.example/ld/id/alice>"));

    SeeotherProcess proxied(
        serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base, {"--trust-proxy"}));
    auto fwd = client(proxied).Get(
        "/id/alice", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "ld.example"}});
    CHECK(fwd->get_header_value("Location") == "https://ld.example/doc/alice");
    auto untrusted = client(server).Get("/id/alice", {{"X-Forwarded-Host", "evil.example"}});
    CHECK(untrusted->get_header_value("Location") == "https://pub.example/ld/doc/alice");
}

TEST_CASE("the home page answers and links to things", "[http]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_THAT(res->body, Contains(origin(server) + "/id/alice"));
}

TEST_CASE("gzip responses are compressed with their own ETag and Vary", "[http]") {
    auto& server = fixture_server();
    const auto gzip = raw_exchange(server.port(), "GET /doc/alice.ttl HTTP/1.1\r\nHost: h\r\n"
                                                  "Accept-Encoding: gzip\r\n\r\n");
    const auto plain =
        raw_exchange(server.port(), "GET /doc/alice.ttl HTTP/1.1\r\nHost: h\r\n\r\n");
    CHECK(raw_header(gzip, "Content-Encoding") == "gzip");
    CHECK(raw_header(plain, "Content-Encoding").empty());
    CHECK(raw_header(gzip, "ETag") != raw_header(plain, "ETag"));
    CHECK(raw_header(gzip, "Vary") == "Accept-Encoding");
}

TEST_CASE("a compressed reply is compressed once and decodes to the plain one", "[http]") {
    auto& server = fixture_server();
    auto plain = client(server).Get("/doc/alice.ttl", {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    CHECK(plain->get_header_value("Content-Encoding").empty());
    for (const char* coding : {"br", "gzip"}) {
        CAPTURE(coding);
        // httplib's client decodes what it receives: a body compressed twice would not
        // come back as the plain one.
        auto res = client(server).Get("/doc/alice.ttl", {{"Accept-Encoding", coding}});
        REQUIRE(res);
        CHECK(res->get_header_value("Content-Encoding") == coding);
        CHECK(res->body == plain->body);
    }
    auto refused = client(server).Get("/doc/alice.ttl", {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
    REQUIRE(refused);
    CHECK(refused->get_header_value("Content-Encoding").empty());
    CHECK(refused->body == plain->body);
}

TEST_CASE("Range is ignored: the whole representation, 200, never a cut 200", "[http]") {
    auto& server = fixture_server();
    const auto whole = client(server).Get("/doc/alice.ttl");
    const auto ranged = client(server).Get("/doc/alice.ttl", {{"Range", "bytes=0-10"}});
    REQUIRE(whole);
    REQUIRE(ranged);
    CHECK(ranged->status == 200);
    CHECK_FALSE(ranged->has_header("Content-Range"));
    CHECK(ranged->body == whole->body);
    const auto head =
        raw_exchange(server.port(), "HEAD /doc/alice.ttl HTTP/1.1\r\nHost: h\r\n\r\n");
    CHECK(raw_header(head, "Accept-Ranges") == "none");
}

TEST_CASE("ambiguous framing and bad field values are 400 and close the connection", "[http]") {
    auto& server = fixture_server();
    for (const char* bytes :
         {"GET /id/alice HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: "
          "chunked\r\n\r\n0\r\n\r\n",
          "GET /id/alice HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
          "GET /id/alice HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
          "GET /id/al\x01ice HTTP/1.1\r\nHost: a\r\n\r\n"}) {
        CAPTURE(bytes);
        RawConnection c(server.port());
        c.send(bytes);
        const auto reply = c.next();
        REQUIRE(reply);
        CHECK(reply->status == 400);
        // Whatever follows an ambiguous head cannot be framed: nothing more may be read.
        CHECK(c.closed_by_server());
    }
    CHECK(client(server).Get("/id/alice")->status == 303);
}

TEST_CASE("a GET with a body is answered and the body never becomes a request", "[http]") {
    auto& server = fixture_server();
    const std::string inner = "GET /id/bob HTTP/1.1\r\nHost: evil\r\n\r\n";
    RawConnection c(server.port());
    c.send(
        get_request("/id/alice", "a", "Content-Length: " + std::to_string(inner.size()) + "\r\n") +
        inner + get_request("/id/alice", "next"));
    const auto reply = c.next();
    REQUIRE(reply);
    CHECK(reply->status == 303);
    CHECK(reply->header("Location") == "http://a/doc/alice");
    // The reply after it answers the request sent after the body, not the body's bytes.
    const auto following = c.next();
    REQUIRE(following);
    CHECK(following->header("Location") == "http://next/doc/alice");
}

TEST_CASE("many idle kept-alive connections do not starve a new client", "[http]") {
    // Each connection below holds a worker thread while it idles in keep-alive. With a
    // fixed pool smaller than this, the new client would wait for a keep-alive timeout.
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base,
                                      {"--threads", "4", "--keep-alive-timeout", "30"}));
    std::vector<int> idle;
    for (int i = 0; i < 100; ++i) {
        const int fd = connect_loopback(server.port());
        REQUIRE(fd >= 0);
        const std::string request = "GET /id/alice HTTP/1.1\r\nHost: a\r\n\r\n";
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        idle.push_back(fd);
    }
    auto c = client(server);
    c.set_read_timeout(3);
    auto res = c.Get("/id/alice");
    CHECK(res);
    CHECK((res && res->status == 303));
    for (int fd : idle)
        ::close(fd);
}
