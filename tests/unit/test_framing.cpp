#include "server/http/framing.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using seeother::server::BodyFraming;
using seeother::server::ChunkedBody;
using seeother::server::Head;
using seeother::server::malformed;
using seeother::server::parse_head;
using seeother::server::ParseOutcome;
using seeother::server::Refusal;
using seeother::server::Request;
using seeother::test::make_request;

namespace {

struct Parsed {
    ParseOutcome outcome;
    Head head;
    Refusal refusal;
};

Parsed parse(std::string_view bytes) {
    Parsed p;
    p.outcome = parse_head(bytes, p.head, p.refusal);
    return p;
}

/// Every proper prefix of `bytes` must need more bytes or be refused exactly as the whole.
void check_prefixes(const std::string& bytes) {
    const auto whole = parse(bytes);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        const auto prefix = parse(std::string_view(bytes).substr(0, n));
        CAPTURE(n);
        if (prefix.outcome == ParseOutcome::Incomplete)
            continue;
        CHECK(prefix.outcome == ParseOutcome::Refused);
        CHECK(whole.outcome == ParseOutcome::Refused);
        CHECK(prefix.refusal.status == whole.refusal.status);
        CHECK(prefix.refusal.reason == whole.refusal.reason);
    }
}

} // namespace

// --- request values ----------------------------------------------------------------------

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
    // At every place of a longer value: the check reads sixteen octets at a time.
    CHECK_FALSE(malformed(make_request("/", {{"Host", "a"}, {"X-Thing", std::string(40, 'v')}})));
    for (const char bad : {'\0', '\r', '\n'})
        for (std::size_t at = 0; at < 40; ++at) {
            std::string value(40, 'v');
            value[at] = bad;
            CAPTURE(static_cast<int>(bad), at);
            CHECK(malformed(make_request("/", {{"Host", "a"}, {"X-Thing", value}})));
        }
}

TEST_CASE("a CR, LF or NUL is found at every place of a value of every length, nothing else",
          "[framing]") {
    // Short values are read eight octets at a time (the first and last eight overlapping),
    // long ones sixteen; each length takes its own way through the check.
    using seeother::server::has_cr_lf_or_nul;
    for (std::size_t length = 0; length <= 40; ++length) {
        CAPTURE(length);
        CHECK_FALSE(has_cr_lf_or_nul(std::string(length, 'v')));
        for (std::size_t at = 0; at < length; ++at) {
            CAPTURE(at);
            std::string value(length, 'v');
            for (int octet = 0; octet < 256; ++octet) {
                value[at] = static_cast<char>(octet);
                const bool split = octet == '\r' || octet == '\n' || octet == 0;
                if (has_cr_lf_or_nul(value) != split)
                    FAIL_CHECK("octet " << octet << (split ? " missed" : " taken for a split"));
            }
        }
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

// --- heads from bytes --------------------------------------------------------------------

TEST_CASE("a head is read from bytes: line, fields in order, values trimmed", "[framing]") {
    const std::string bytes = "GET /id/a?x=1 HTTP/1.1\r\nHost: h\r\nAccept:  text/turtle \t\r\n"
                              "X-Empty:\r\n\r\nGET /next HTTP/1.1\r\n";
    const auto p = parse(bytes);
    REQUIRE(p.outcome == ParseOutcome::Complete);
    CHECK(p.head.method == "GET");
    CHECK(p.head.target == "/id/a?x=1");
    CHECK(p.head.version == "HTTP/1.1");
    REQUIRE(p.head.fields.size() == 3);
    CHECK(p.head.fields[1].first == "Accept");
    CHECK(p.head.fields[1].second == "text/turtle");
    CHECK(p.head.fields[2].second.empty());
    CHECK(p.head.size == bytes.find("GET /next"));
    CHECK(p.head.framing == BodyFraming::None);
    CHECK(p.head.persistent);
}

TEST_CASE("every proper prefix of a head needs more bytes", "[framing]") {
    const std::string bytes = "\r\nHEAD /doc/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    REQUIRE(parse(bytes).outcome == ParseOutcome::Complete);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        CAPTURE(n);
        CHECK(parse(std::string_view(bytes).substr(0, n)).outcome == ParseOutcome::Incomplete);
    }
}

TEST_CASE("malformed heads are refused with a status and a reason", "[framing]") {
    struct Row {
        std::string bytes;
        int status;
        const char* reason;
    };
    const std::string big(9000, 'a');
    std::string many;
    for (int i = 0; i < 101; ++i)
        many += "X-" + std::to_string(i) + ": v\r\n";
    std::string empty_lines;
    for (int i = 0; i < 17; ++i)
        empty_lines += "\r\n";
    for (const auto& row : std::vector<Row>{
             {"GET /a HTTP/1.1\r\nHost: a\r\nNo colon\r\n\r\n", 400, "without a colon"},
             {"GET /a HTTP/1.1\r\nHost : a\r\n\r\n", 400, "whitespace between"},
             {std::string("GET /a HTTP/1.1\r\nX-\0: a\r\n\r\n", 26), 400, "not a token"},
             {"GET /a HTTP/1.1\r\nX-A: a\x01b\r\n\r\n", 400, "control character"},
             {"GET /a HTTP/1.1\r\nX-A: a\x7F\r\n\r\n", 400, "control character"},
             {"GET /a HTTP/1.1\r\nX-A: a\rb\r\n\r\n", 400, "control character"},
             {"GET /a HTTP/1.1\r\nAccept: a,\r\n b\r\n\r\n", 400, "obs-fold"},
             {"GET /a HTTP/1.1\r\nHost: a\nHost: b\r\n\r\n", 400, "bare LF"},
             {"GET /a HTTP/1.1\n\n", 400, "bare LF"},
             {"GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host"},
             {"GET /a HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
              "both"},
             {"GET /a HTTP/1.1\r\nContent-Length: %33%34\r\n\r\n", 400, "Content-Length"},
             {"GET /a HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400, "Content-Length"},
             {"GET /a HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", 400, "Content-Length"},
             {"GET /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400,
              "conflicting"},
             {"GET /a HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n", 400, "chunked"},
             {"GET /a HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400, "chunked"},
             {"GET /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "HTTP/1.0"},
             {"GET  /a HTTP/1.1\r\n\r\n", 400, "request line"},
             {"GET /a\r\n\r\n", 400, "request line"},
             {"G(T /a HTTP/1.1\r\n\r\n", 400, "not a token"},
             {"GET /a\x01 HTTP/1.1\r\n\r\n", 400, "request-target"},
             {"GET /a HTTP/1.x\r\n\r\n", 400, "malformed HTTP version"},
             {"GET /a HTTP/1.2\r\n\r\n", 505, "HTTP/1.2"},
             {"GET /a HTTP/2.0\r\n\r\n", 505, "HTTP/2.0"},
             {"BREW /a HTTP/1.1\r\n\r\n", 501, "BREW"},
             {"get /a HTTP/1.1\r\n\r\n", 501, "get"},
             {"GET /" + big + " HTTP/1.1\r\n\r\n", 414, "8 KiB"},
             {"GET /a HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n", 431, "too large"},
             {"GET /a HTTP/1.1\r\n" + many + "\r\n", 431, "too large"},
             {empty_lines + "GET / HTTP/1.1\r\n\r\n", 400, "empty lines"},
         }) {
        CAPTURE(row.bytes);
        const auto p = parse(row.bytes);
        CHECK(p.outcome == ParseOutcome::Refused);
        CHECK(p.refusal.status == row.status);
        CHECK_THAT(p.refusal.reason, Contains(row.reason));
        check_prefixes(row.bytes);
    }
}

TEST_CASE("limits are refused as soon as a prefix exceeds them", "[framing]") {
    Parsed line = parse("GET /" + std::string(8200, 'a'));
    CHECK(line.outcome == ParseOutcome::Refused);
    CHECK(line.refusal.status == 414);
    Parsed field = parse("GET / HTTP/1.1\r\nX: " + std::string(8200, 'a'));
    CHECK(field.outcome == ParseOutcome::Refused);
    CHECK(field.refusal.status == 431);
}

TEST_CASE("framing and persistence are read from the fields", "[framing]") {
    const auto length = parse("POST /a HTTP/1.1\r\nContent-Length: 0012\r\n\r\n");
    CHECK(length.head.framing == BodyFraming::Length);
    CHECK(length.head.length == 12);
    CHECK(parse("POST /a HTTP/1.1\r\nContent-Length: 0\r\n\r\n").head.framing == BodyFraming::None);
    CHECK(
        parse("POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 03\r\n\r\n").head.framing ==
        BodyFraming::Length);
    CHECK(parse("POST /a HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n").head.framing ==
          BodyFraming::Chunked);
    CHECK(parse("GET /a HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n").head.expect_continue);
    CHECK_FALSE(parse("GET /a HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").head.expect_continue);
    CHECK_FALSE(parse("GET /a HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n").head.persistent);
    CHECK_FALSE(parse("GET /a HTTP/1.0\r\n\r\n").head.persistent);
    CHECK(parse("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head.persistent);
    const auto huge = parse("GET /a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n");
    CHECK(huge.outcome == ParseOutcome::Complete);
    CHECK(huge.head.length > 64 * 1024);
}

TEST_CASE("an absolute-form target becomes a path, its authority the Host", "[framing]") {
    const auto convert = [](const std::string& bytes) {
        const auto p = parse(bytes);
        REQUIRE(p.outcome == ParseOutcome::Complete);
        Request r;
        Refusal why;
        const bool ok = seeother::server::to_request(p.head, r, why);
        return std::make_pair(ok ? std::optional<Request>(r) : std::nullopt, why);
    };
    auto [absolute, why] = convert("GET HTTP://other:81/id/a?x HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(absolute);
    CHECK(absolute->target == "/id/a?x");
    CHECK(absolute->header("Host") == "other:81");
    CHECK(convert("GET http://b?q HTTP/1.0\r\n\r\n").first->target == "/?q");
    CHECK(convert("GET http://b HTTP/1.0\r\n\r\n").first->header("Host") == "b");
    CHECK(convert("GET http://b/ HTTP/1.1\r\n\r\n").first->header("Host").empty());
    CHECK(convert("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").first->target == "*");
    CHECK(convert("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n").first->target == "a:443");
    for (const char* refused :
         {"GET foo://x/a HTTP/1.1\r\nHost: a\r\n\r\n",
          "GET http://u@x/a HTTP/1.1\r\nHost: a\r\n\r\n",
          "GET http:///a HTTP/1.1\r\nHost: a\r\n\r\n", "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
          "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"}) {
        CAPTURE(refused);
        const auto [converted, reason] = convert(refused);
        CHECK_FALSE(converted);
        CHECK(reason.status == 400);
    }
}

TEST_CASE("Connection tokens are a case-insensitive list", "[framing]") {
    using seeother::server::has_token;
    CHECK(has_token("keep-alive, Close", "close"));
    CHECK(has_token(" close ", "close"));
    CHECK_FALSE(has_token("closed", "close"));
    CHECK_FALSE(has_token("", "close"));
}

// --- chunked content ---------------------------------------------------------------------

TEST_CASE("a chunked body is consumed to its end, in any pieces", "[framing]") {
    const std::string body = "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\nNEXT";
    const auto end = body.find("NEXT");
    ChunkedBody whole(1000);
    CHECK(whole.consume(body) == end);
    CHECK(whole.done());
    for (std::size_t cut = 0; cut <= end; ++cut) {
        CAPTURE(cut);
        ChunkedBody split(1000);
        std::size_t used = split.consume(std::string_view(body).substr(0, cut));
        used += split.consume(std::string_view(body).substr(used));
        CHECK(used == end);
        CHECK(split.done());
    }
}

TEST_CASE("a chunked body over its limit is 413, a malformed one 400", "[framing]") {
    ChunkedBody big(10);
    big.consume("8\r\n12345678\r\n8\r\n");
    CHECK(big.refused());
    CHECK(big.refusal().status == 413);
    ChunkedBody overflow(10);
    overflow.consume("fffffffffffffffffffff\r\n");
    CHECK(overflow.refusal().status == 413);
    for (const char* bad :
         {"x\r\n", "4\r\nWikiXX", "4\nWiki\r\n", "0\r\nno colon\r\n\r\n", " 4\r\nWiki\r\n"}) {
        CAPTURE(bad);
        ChunkedBody chunked(1000);
        chunked.consume(bad);
        CHECK(chunked.refused());
        CHECK(chunked.refusal().status == 400);
    }
}
