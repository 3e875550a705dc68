// The connection protocol without a socket: bytes in, replies out.
#include "server/http/http_server.hpp"
#include "server/http/session.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <sys/uio.h>

using Catch::Matchers::Contains;
using namespace seeother::server;

namespace {

/// A session on an application that echoes each request it sees: status 200, body
/// "METHOD TARGET". "/close" replies ask to close, "/throw" throws, "/status/N" is N.
struct Harness {
    SessionSettings settings;
    Application application;
    std::unique_ptr<ReplyWriter> writer =
        make_reply_writer(5, 100, [] { return std::string("Thu, 01 Jan 1970 00:00:00 GMT"); });
    std::vector<std::string> seen;
    std::vector<int> exchanges;
    std::unique_ptr<Session> session;

    explicit Harness(std::size_t keep_alive_requests = 100, std::uint64_t max_upload = 0) {
        settings.keep_alive_requests = keep_alive_requests;
        settings.max_upload = max_upload;
        settings.on_exchange = [this](const Exchange& e) { exchanges.push_back(e.reply.status); };
        application.respond = [this](const Request& request) {
            seen.push_back(request.method + " " + request.target +
                           (request.body.empty() ? "" : " [" + request.body + "]"));
            if (request.target == "/throw")
                throw std::runtime_error("boom");
            auto reply = std::make_shared<Reply>();
            if (request.target.rfind("/status/", 0) == 0)
                reply->status = std::stoi(request.target.substr(8));
            reply->set("Content-Type", "text/plain");
            reply->body = request.method + " " + request.target;
            reply->close = request.target == "/close";
            return std::shared_ptr<const Reply>(reply);
        };
        application.refuse = [](int status, std::string_view reason) {
            auto reply = std::make_shared<Reply>();
            reply->status = status;
            reply->body = std::string(reason);
            reply->close = true;
            return std::shared_ptr<const Reply>(reply);
        };
        session = std::make_unique<Session>(settings, application, *writer);
    }

    /// Feeds bytes, answers what is complete, and returns (and takes) what would be sent.
    std::string feed(std::string_view bytes) {
        session->receive(bytes);
        session->advance();
        return take();
    }
    std::string take() {
        std::string text;
        auto& output = session->output();
        while (!output.empty()) {
            iovec iov[8];
            const auto n = output.gather(iov, 8);
            std::size_t bytes = 0;
            for (std::size_t i = 0; i < n; ++i) {
                text.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
                bytes += iov[i].iov_len;
            }
            output.consumed(bytes);
        }
        return text;
    }
};

std::string get(const std::string& target, const std::string& fields = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n";
}

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("pipelined requests are answered in order, from one buffer", "[session]") {
    Harness h;
    const auto out = h.feed(get("/a") + get("/b") + get("/c"));
    CHECK(h.seen == std::vector<std::string>{"GET /a", "GET /b", "GET /c"});
    CHECK(out.find("GET /a") < out.find("GET /b"));
    CHECK(out.find("GET /b") < out.find("GET /c"));
    CHECK(count(out, "HTTP/1.1 200 OK\r\n") == 3);
    CHECK_FALSE(h.session->closing());
}

TEST_CASE("bytes cut anywhere give the same replies as in one piece", "[session]") {
    const std::string bytes =
        get("/a") + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nGET /" +
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
        get("/d");
    Harness whole;
    const auto expected = whole.feed(bytes);
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
        CAPTURE(cut);
        Harness split;
        auto out = split.feed(bytes.substr(0, cut));
        out += split.feed(bytes.substr(cut));
        CHECK(out == expected);
        CHECK(split.seen == whole.seen);
    }
    CHECK(whole.seen == std::vector<std::string>{"GET /a", "POST /b", "POST /c", "GET /d"});
}

TEST_CASE("request content is read and discarded, never a request", "[session]") {
    Harness h;
    const std::string inner = get("/inner");
    const auto out =
        h.feed("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(inner.size()) +
               "\r\n\r\n" + inner + get("/after"));
    CHECK(h.seen == std::vector<std::string>{"POST /a", "GET /after"});
    CHECK_THAT(out, !Contains("/inner"));
}

TEST_CASE("content arriving after the head is awaited before the reply", "[session]") {
    Harness h;
    CHECK(h.feed("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n").empty());
    CHECK(h.session->reading_content());
    CHECK(h.seen.empty());
    CHECK_THAT(h.feed("abcd"), Contains("POST /a"));
    CHECK_FALSE(h.session->mid_request());
}

TEST_CASE("Expect: 100-continue is answered when the content has not come yet", "[session]") {
    Harness h;
    const std::string head =
        "POST /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
    CHECK(h.feed(head) == "HTTP/1.1 100 Continue\r\n\r\n");
    CHECK_THAT(h.feed("xyz"), Contains("POST /a"));

    Harness eager;
    CHECK_THAT(eager.feed(head + "xyz"), !Contains("100 Continue"));
}

TEST_CASE("content over 64 KiB is 413 and the session closes, lingering", "[session]") {
    Harness h;
    const auto out = h.feed("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n");
    CHECK_THAT(out, Contains("HTTP/1.1 413"));
    CHECK_THAT(out, Contains("Connection: close"));
    CHECK(h.session->closing());
    CHECK(h.session->must_linger());
    CHECK(h.seen.empty());
    CHECK(h.exchanges == std::vector<int>{413});
}

TEST_CASE("with writes on, the content of PUT and POST reaches the application", "[session]") {
    Harness h(100, 16);
    const std::string put = "PUT /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
    const std::string post = "POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "3\r\nGET\r\n4\r\n /c \r\n0\r\n\r\n";
    // Content of other methods is still read and dropped: a GET with content stays a GET.
    const std::string get_with_content =
        "GET /d HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz";
    // Byte by byte as well as at once: the content is the same however it arrives.
    for (const bool trickle : {false, true}) {
        Harness each(100, 16);
        const auto all = put + post + get_with_content + get("/e");
        if (trickle)
            for (const char c : all)
                each.feed(std::string_view(&c, 1));
        else
            each.feed(all);
        CHECK(each.seen ==
              std::vector<std::string>{"PUT /a [hello]", "POST /b [GET /c ]", "GET /d", "GET /e"});
    }
    // Past the upload limit: 413 naming it, and nothing reaches the application.
    const auto out = h.feed("PUT /a HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n");
    CHECK_THAT(out, Contains("HTTP/1.1 413"));
    CHECK(h.seen.empty());
    Harness chunked(100, 1 << 20);
    const auto big = chunked.feed("POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
                                  "chunked\r\n\r\n100001\r\n");
    CHECK_THAT(big, Contains("request content larger than 1 MiB"));
}

TEST_CASE("a refused head closes the session, nothing after it is read", "[session]") {
    Harness h;
    const auto out = h.feed(get("/a") + "GET /b HTTP/1.1\r\nBad line\r\n\r\n" + get("/c"));
    CHECK(h.seen == std::vector<std::string>{"GET /a"});
    CHECK_THAT(out, Contains("HTTP/1.1 400"));
    CHECK_THAT(out, Contains("a field line without a colon"));
    CHECK(h.session->closing());
}

TEST_CASE("Connection: close and HTTP/1.0 close after the reply", "[session]") {
    Harness close;
    const auto out = close.feed(get("/a", "Connection: keep-alive, CLOSE\r\n") + get("/b"));
    CHECK(close.seen == std::vector<std::string>{"GET /a"});
    CHECK_THAT(out, Contains("Connection: close"));
    CHECK(close.session->closing());
    CHECK(close.session->must_linger()); // the request after it was never read

    Harness old;
    CHECK_THAT(old.feed("GET /a HTTP/1.0\r\n\r\n"), Contains("Connection: close"));
    CHECK(old.session->closing());
    CHECK_FALSE(old.session->must_linger());

    Harness kept;
    CHECK_THAT(kept.feed("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
               Contains("Connection: keep-alive"));
    CHECK_FALSE(kept.session->closing());
}

TEST_CASE("the application can close, and error replies always close", "[session]") {
    Harness asked;
    CHECK_THAT(asked.feed(get("/close") + get("/b")), Contains("Connection: close"));
    CHECK(asked.seen.size() == 1);
    Harness error;
    error.feed(get("/status/400") + get("/b"));
    CHECK(error.seen.size() == 1);
    CHECK(error.session->closing());
    Harness fine;
    fine.feed(get("/status/404") + get("/b"));
    CHECK(fine.seen.size() == 2);
}

TEST_CASE("the last request a connection may make closes it", "[session]") {
    Harness h(2);
    const auto out = h.feed(get("/a") + get("/b") + get("/c"));
    CHECK(h.seen.size() == 2);
    CHECK(count(out, "Connection: close") == 1);
    CHECK(count(out, "Keep-Alive: timeout=5, max=100") == 1);
}

TEST_CASE("HEAD, 204 and 304 replies carry no body, 204 and 304 no Content-Length", "[session]") {
    Harness h;
    const auto head = h.feed("HEAD /a HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK_THAT(head, Contains("Content-Length: 7\r\n"));
    CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
    CHECK_THAT(head, !Contains("HEAD /a"));
    for (const char* status : {"204", "304"}) {
        CAPTURE(status);
        const auto out = h.feed(get(std::string("/status/") + status));
        CHECK_THAT(out, !Contains("Content-Length"));
        CHECK(out.substr(out.size() - 4) == "\r\n\r\n");
    }
}

TEST_CASE("every reply head carries Date and no Accept-Ranges of httplib's", "[session]") {
    Harness h;
    const auto out = h.feed("HEAD /a HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK_THAT(out, Contains("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"));
    CHECK_THAT(out, !Contains("Accept-Ranges"));
}

TEST_CASE("a client that ends its stream gets the replies, then the session closes", "[session]") {
    Harness h;
    h.session->receive(get("/a") + "GET /partial HTTP/1.1\r\n");
    h.session->end_of_input();
    h.session->advance();
    CHECK(h.seen == std::vector<std::string>{"GET /a"});
    CHECK(h.session->closing());
}

TEST_CASE("a stopping session answers what it has and closes", "[session]") {
    Harness h;
    h.session->receive(get("/a") + get("/b"));
    h.session->stop();
    h.session->advance();
    CHECK(h.seen == std::vector<std::string>{"GET /a"});
    CHECK_THAT(h.take(), Contains("Connection: close"));
    CHECK(h.session->closing());
    Harness idle;
    idle.session->stop();
    idle.session->advance();
    CHECK(idle.session->closing());
}

TEST_CASE("an exception in the application is a 500 that closes", "[session]") {
    Harness h;
    const auto out = h.feed(get("/throw") + get("/b"));
    CHECK_THAT(out, Contains("HTTP/1.1 500"));
    CHECK(h.session->closing());
}

TEST_CASE("advance stops after its budget and says more requests wait", "[session]") {
    Harness h;
    h.session->receive(get("/a") + get("/b") + get("/c"));
    h.session->advance(2);
    CHECK(h.seen.size() == 2);
    CHECK(h.session->has_request());
    h.session->advance(2);
    CHECK(h.seen.size() == 3);
    CHECK_FALSE(h.session->has_request());
}

TEST_CASE("a request line arriving a byte at a time is read once whole", "[session]") {
    Harness h;
    std::string out;
    for (const char c : get("/slow"))
        out += h.feed(std::string(1, c));
    CHECK(h.seen == std::vector<std::string>{"GET /slow"});
    h.session->release_buffer();
    CHECK_FALSE(h.session->mid_request());
}

TEST_CASE("a reply written again reuses its head, with the current Date", "[session]") {
    int second = 0;
    auto writer = make_reply_writer(5, 100, [&] {
        return "Thu, 01 Jan 1970 00:00:0" + std::to_string(second++ % 10) + " GMT";
    });
    Reply reply;
    reply.status = 303;
    reply.set("Location", "http://a/doc/x");
    reply.body = "see";
    Request get;
    get.method = "GET";
    get.version = "HTTP/1.1";
    std::string first, again, closing, old;
    writer->write_head(get, reply, false, first);
    REQUIRE(reply.head_memo.get());
    writer->write_head(get, reply, false, again);
    CHECK_THAT(first, Contains("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"));
    CHECK(again == std::string(first).replace(first.find("00:00:00"), 8, "00:00:01"));
    // Closing and HTTP/1.0 heads say so; they are written afresh.
    writer->write_head(get, reply, true, closing);
    CHECK_THAT(closing, Contains("Connection: close\r\n"));
    CHECK_THAT(closing, !Contains("Keep-Alive"));
    get.version = "HTTP/1.0";
    writer->write_head(get, reply, false, old);
    CHECK_THAT(old, Contains("Connection: keep-alive\r\n"));
    // A copy may become another reply (a 304): it starts without the head.
    Reply copy = reply;
    CHECK_FALSE(copy.head_memo.get());
    copy.status = 304;
    std::string revalidated;
    get.version = "HTTP/1.1";
    writer->write_head(get, copy, false, revalidated);
    CHECK(revalidated.rfind("HTTP/1.1 304", 0) == 0);
}

TEST_CASE("heads written from a kept layout are the bytes httplib writes", "[session]") {
    // Each shape's layout comes from the first reply of that shape; the later replies of the
    // shape, with other values, must come out exactly as httplib writes them.
    const auto date = [] { return std::string("Thu, 01 Jan 1970 00:00:00 GMT"); };
    auto kept = make_reply_writer(5, 100, date);
    auto direct = make_reply_writer(5, 100, date, HeadLayouts::none);
    const std::string long_value(3000, 'v'); // past httplib's 2,048-octet format buffer
    const std::vector<Headers> field_sets = {
        {},
        {{"Content-Type", "text/turtle"}, {"ETag", "\"a\""}, {"Vary", "Accept"}},
        {{"Content-Type", "text/plain; x=%s %d %%"}, {"Link", "<a>; rel=\"x\""}, {"Link", "<b>"}},
        {{"link", "<c>"}, {"Link", "<d>"}, {"LINK", "<e>"}},
        {{"X-Odd", "\x01"
                   "0\x01"},
         {"X-Long", long_value},
         {"Accept-Ranges", "none"}},
        {{"Date", "Wed, 02 Jan 1970 00:00:00 GMT"}, {"Location", "http://a/doc/x"}},
        {{"X-Split", "a\r\nInjected: yes"}, {"Location", "http://a/\xC3\xA9"}},
        {{"Content-Length", "7"}, {"Accept-Ranges", ""}},
    };
    const std::vector<int> statuses = {200, 303, 304, 204, 404, 503};
    std::size_t checked = 0;
    for (const std::string version : {"HTTP/1.1", "HTTP/1.0"})
        for (const bool close : {false, true})
            for (const int status : statuses)
                for (std::size_t round = 0; round < 3; ++round)
                    for (const auto& fields : field_sets) {
                        Request request;
                        request.method = "GET";
                        request.version = version;
                        Reply reply;
                        reply.status = status;
                        reply.headers = fields;
                        // Other values in each round: the layout keeps none of them.
                        for (auto& field : reply.headers)
                            if (field.first != "Date" &&
                                field.second.find('\r') == std::string::npos)
                                field.second += std::string(round, '+');
                        reply.body = std::string(round * 50, 'b');
                        std::string from_layout, from_httplib;
                        kept->write_head(request, reply, close, from_layout);
                        direct->write_head(request, Reply(reply), close, from_httplib);
                        INFO(version << " status " << status << " close " << close << " round "
                                     << round << "\n"
                                     << from_httplib);
                        CHECK(from_layout == from_httplib);
                        ++checked;
                    }
    CHECK(checked == 2 * 2 * statuses.size() * 3 * field_sets.size());
}

TEST_CASE("a field whose name or value could split the head is left out of it", "[session]") {
    // A CR, LF or NUL anywhere in a value (in every position of the first 40 octets, past
    // the sixteen-octet blocks the check reads) or in a name leaves that field out.
    const auto date = [] { return std::string("Thu, 01 Jan 1970 00:00:00 GMT"); };
    auto writer = make_reply_writer(5, 100, date);
    for (const char bad : {'\r', '\n', '\0'})
        for (std::size_t at = 0; at < 40; ++at) {
            std::string value(40, 'v');
            value[at] = bad;
            Request request;
            request.method = "GET";
            request.version = "HTTP/1.1";
            Reply reply;
            reply.headers = {{"X-Before", "kept"}, {"X-Split", value}, {"X-After", "kept too"}};
            if (at == 0)
                reply.headers.push_back({std::string("X-Bad") + bad + "Name", "v"});
            std::string head;
            writer->write_head(request, reply, false, head);
            CAPTURE(static_cast<int>(bad), at);
            CHECK(head.find("X-Split") == std::string::npos);
            CHECK(head.find("X-Bad") == std::string::npos);
            CHECK(head.find("X-Before: kept\r\n") != std::string::npos);
            CHECK(head.find("X-After: kept too\r\n") != std::string::npos);
        }
}
