// Operating the server: health and metrics endpoints, reloads, the access log, shutdown.
#include "http_helpers.hpp"
#include "raw_http.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace seeother::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

/// A scratch directory with one Turtle file, removed afterwards.
struct DataDir {
    fs::path dir;
    DataDir() {
        char name[] = "/tmp/seeother-e2e-data-XXXXXX";
        dir = ::mkdtemp(name);
    }
    ~DataDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    fs::path file() const { return dir / "data.ttl"; }
    void write(const std::string& turtle) const {
        const auto tmp = dir / "data.ttl.tmp";
        std::ofstream(tmp) << turtle;
        fs::rename(tmp, file()); // atomic, as an editor or deploy script would do
    }
};

const char* const version_one = "<http://data.test/id/a> <http://data.test/p> \"one\" .\n";
const char* const version_two = "<http://data.test/id/b> <http://data.test/p> \"two\" .\n";

/// Polls until `ok` holds or ten seconds pass.
template <class Condition> bool eventually(Condition ok) {
    for (int i = 0; i < 200; ++i) {
        if (ok())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

int status_of(const SeeotherProcess& server, const std::string& path) {
    auto res = client(server).Get(path);
    return res ? res->status : 0;
}

} // namespace

TEST_CASE("/healthz answers ok", "[operations]") {
    auto& server = fixture_server();
    auto res = client(server).Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "ok\n");
}

TEST_CASE("/metrics counts requests by status in Prometheus format", "[operations]") {
    auto& server = fixture_server();
    auto c = client(server);
    c.Get("/id/alice");
    c.Get("/id/nobody");
    auto res = c.Get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_THAT(res->get_header_value("Content-Type"), Contains("text/plain; version=0.0.4"));
    CHECK_THAT(res->body, Contains("seeother_requests_total{code=\"303\"}"));
    CHECK_THAT(res->body, Contains("seeother_requests_total{code=\"404\"}"));
    CHECK_THAT(res->body, Contains("seeother_request_duration_seconds_bucket{le=\"+Inf\"}"));
    CHECK_THAT(res->body, Contains("seeother_store_triples "));
}

TEST_CASE("SIGHUP reloads the data, a failed reload keeps the old data", "[operations]") {
    DataDir data;
    data.write(version_one);
    SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/"));
    CHECK(status_of(server, "/id/a") == 303);

    data.write(version_two);
    ::kill(server.pid(), SIGHUP);
    CHECK(eventually([&] { return status_of(server, "/id/b") == 303; }));
    CHECK(status_of(server, "/id/a") == 404);

    data.write("<http://data.test/id/c> <http://data.test/p> \"broken ;\n");
    ::kill(server.pid(), SIGHUP);
    CHECK(eventually(
        [&] { return server.stderr_text().find("reload failed") != std::string::npos; }));
    CHECK_THAT(server.stderr_text(), Contains("data.ttl:1:"));
    CHECK(status_of(server, "/id/b") == 303);
    CHECK(server.stop().code == 0);
}

TEST_CASE("a reload of data nested too deep fails with its place, the old data keeps serving",
          "[operations]") {
    // 20,000 levels of [ ] overflowed serd's stack in the reloading thread, killing the server.
    DataDir data;
    data.write(version_one);
    SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/"));
    std::string deep = "<http://data.test/id/d> <http://data.test/p> ";
    for (int i = 0; i < 20000; ++i)
        deep += "[ <http://data.test/p> ";
    deep += "1";
    for (int i = 0; i < 20000; ++i)
        deep += " ]";
    data.write(deep + " .\n");
    ::kill(server.pid(), SIGHUP);
    CHECK(eventually(
        [&] { return server.stderr_text().find("reload failed") != std::string::npos; }));
    // The 257th bracket: 45 bytes of subject and predicate, 23 a level.
    CHECK_THAT(server.stderr_text(),
               Contains("data.ttl:1:5934: blank nodes and lists nested deeper than 256 levels"));
    CHECK(status_of(server, "/id/a") == 303);
    CHECK(server.stop().code == 0);
}

TEST_CASE("the --watch option reloads when a data file changes", "[operations]") {
    DataDir data;
    data.write(version_one);
    SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/", {"--watch"}));
    CHECK(status_of(server, "/id/a") == 303);
    std::this_thread::sleep_for(std::chrono::milliseconds(20)); // a distinct mtime
    data.write(version_two);
    CHECK(eventually([&] { return status_of(server, "/id/b") == 303; }));
}

/// N-Triples about things t0 .. t(n-1), each with a line of padding, so that the file is a
/// few hundred kilobytes and a writer takes a while to finish it.
std::string things(int n) {
    std::string text;
    for (int i = 0; i < n; ++i)
        text += "<http://data.test/id/t" + std::to_string(i) + "> <http://data.test/p> \"" +
                std::string(100, 'x') + "\" .\n";
    return text;
}

/// Rewrites `path` in place (truncated, then written in `pieces` parts with a pause after
/// each), as cp or a slow exporter would: a reader can catch it half written.
void write_in_place(const fs::path& path, const std::string& text, int pieces,
                    std::chrono::milliseconds pause) {
    std::ofstream out(path, std::ios::trunc | std::ios::binary);
    const std::size_t piece = text.size() / static_cast<std::size_t>(pieces) + 1;
    for (std::size_t at = 0; at < text.size(); at += piece) {
        out.write(text.data() + at,
                  static_cast<std::streamsize>(std::min(piece, text.size() - at)));
        out.flush();
        std::this_thread::sleep_for(pause);
    }
}

/// Requests `path` until `done`, counting the answers that are not 303.
struct Prober {
    std::atomic<bool> done{false};
    std::atomic<int> wrong{0};
    std::atomic<int> asked{0};
    std::thread thread;
    Prober(const SeeotherProcess& server, std::string path) {
        thread = std::thread([this, &server, path] {
            auto c = client(server);
            while (!done) {
                auto res = c.Get(path);
                wrong += res && res->status == 303 ? 0 : 1;
                ++asked;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    void stop() {
        done = true;
        thread.join();
    }
};

TEST_CASE("watching never swaps in a file that is being rewritten in place", "[operations]") {
    DataDir data;
    const std::string text = things(3000);
    data.write(text);
    SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/", {"--watch"}));
    // The last thing of the file, which every half-written copy lacks.
    Prober probe(server, "/id/t2999");
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (std::chrono::steady_clock::now() < until)
        write_in_place(data.file(), text, 10, std::chrono::milliseconds(15)); // like cp, often
    // A slow writer: ten pieces over a second, with a new thing at the end.
    write_in_place(data.file(), text + things(3001).substr(text.size()), 10,
                   std::chrono::milliseconds(100));
    CHECK(eventually([&] { return status_of(server, "/id/t3000") == 303; }));
    probe.stop();
    INFO(server.stderr_text());
    CHECK(probe.asked > 100);
    CHECK(probe.wrong == 0);
}

TEST_CASE("a reload that loads no triples from files that held some is not swapped in",
          "[operations]") {
    DataDir data;
    data.write(version_one);
    SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/", {"--watch"}));
    data.write("# emptied by mistake\n");
    CHECK(eventually(
        [&] { return server.stderr_text().find("reload loaded 0 triples") != std::string::npos; }));
    CHECK(status_of(server, "/id/a") == 303);
}

TEST_CASE("requests keep succeeding across many reloads", "[operations]") {
    DataDir data;
    data.write(version_one);
    SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/"));
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> served{0};
    std::thread load([&] {
        auto c = client(server);
        while (!done) {
            auto res = c.Get("/doc/a");
            if (!res || res->status != 200)
                ++failures;
            ++served;
        }
    });
    for (int i = 0; i < 20; ++i) {
        ::kill(server.pid(), SIGHUP);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    done = true;
    load.join();
    INFO(server.stderr_text());
    CHECK(served > 0);
    CHECK(failures == 0);
}

TEST_CASE("the --access-log option writes one combined-format line per request", "[operations]") {
    DataDir data;
    data.write(version_one);
    const auto log = data.dir / "access.log";
    SeeotherProcess server(
        serve_args({data.file().string()}, "http://data.test/", {"--access-log", log.string()}));
    client(server).Get("/id/a", {{"User-Agent", "e2e-agent"}, {"Referer", "http://ref/"}});
    CHECK(server.stop().code == 0);
    std::ifstream in(log);
    std::string line;
    std::getline(in, line);
    CHECK_THAT(line, Contains("127.0.0.1 - - ["));
    CHECK_THAT(line, Contains("] \"GET /id/a HTTP/1.1\" 303 "));
    CHECK_THAT(line, Contains("\"http://ref/\" \"e2e-agent\""));
}

TEST_CASE("SIGTERM with idle kept-alive clients still exits 0 promptly", "[operations]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base,
                                      {"--keep-alive-timeout", "60"}));
    auto c = client(server);
    c.set_keep_alive(true);
    REQUIRE(c.Get("/id/alice"));
    const auto exit = server.stop(SIGTERM, std::chrono::seconds(5));
    CHECK(exit.exited);
    CHECK(exit.code == 0);
}

TEST_CASE("beyond --max-connections new clients get 503 and the server recovers", "[operations]") {
    SeeotherProcess server(
        serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base,
                   {"--threads", "2", "--max-connections", "2", "--keep-alive-timeout", "30"}));
    // Two kept-alive clients hold both connection threads.
    std::vector<std::unique_ptr<httplib::Client>> holders;
    for (int i = 0; i < 2; ++i) {
        holders.push_back(std::make_unique<httplib::Client>("127.0.0.1", server.port()));
        holders.back()->set_keep_alive(true);
        REQUIRE(holders.back()->Get("/id/alice"));
    }
    RawConnection busy(server.port());
    busy.send("GET /id/alice HTTP/1.1\r\nHost: h\r\n\r\n");
    const auto reply = busy.next();
    REQUIRE(reply);
    CHECK(reply->status == 503);
    CHECK(reply->header("Retry-After") == "1");
    CHECK(reply->header("Connection") == "close");
    CHECK(reply->header("Access-Control-Allow-Origin") == "*");
    CHECK(busy.closed_by_server());
    holders.clear(); // the load stops
    CHECK(eventually([&] { return status_of(server, "/id/alice") == 303; }));
}

TEST_CASE("hundreds of trickling clients do not starve an honest one", "[operations]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base));
    // Slowloris: each connection sends part of a request and then nothing.
    std::vector<int> slow;
    for (int i = 0; i < 300; ++i) {
        const int fd = connect_loopback(server.port());
        if (fd < 0)
            continue;
        const std::string partial = "GET /id/alice HTTP/1.1\r\nHost: a\r\nX-Slow: ";
        ::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);
        slow.push_back(fd);
    }
    CHECK(slow.size() == 300);
    auto c = client(server);
    c.set_read_timeout(3);
    auto res = c.Get("/id/alice");
    CHECK((res && res->status == 303));
    for (int fd : slow)
        ::close(fd);
}

TEST_CASE("too many header fields are 431 and the server keeps serving", "[operations]") {
    auto& server = fixture_server();
    std::string request = "GET /id/alice HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 200; ++i)
        request += "X-" + std::to_string(i) + ": v\r\n";
    CHECK(raw_status(raw_exchange(server.port(), request + "\r\n")) == 431);
    CHECK(status_of(server, "/id/alice") == 303);
}

TEST_CASE("a thing with more triples than a page is paged, every triple reachable",
          "[operations]") {
    DataDir data;
    std::string turtle = "@prefix ex: <http://data.test/vocab#> .\n<http://data.test/id/hub>";
    for (int i = 0; i < 25000; ++i)
        turtle += (i ? " ;\n" : "") + std::string(" ex:p") + std::to_string(i % 7) + " \"value " +
                  std::to_string(i) + "\"";
    turtle += " ;\n ex:address [ ex:city \"Paris\" ] .\n";
    data.write(turtle);
    SeeotherProcess server(serve_args({data.file().string()}, "http://data.test/"));
    auto c = client(server);

    std::size_t hub_triples = 0;
    std::size_t pages = 0;
    std::string path = "/doc/hub.nt";
    std::set<std::string> seen;
    while (!path.empty() && pages < 10) {
        auto res = c.Get(path);
        REQUIRE(res);
        REQUIRE(res->status == 200);
        ++pages;
        std::istringstream lines(res->body);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("<" + origin(server) + "/id/hub> ", 0) == 0 && seen.insert(line).second)
                ++hub_triples;
        CHECK_THAT(res->body, Contains("primaryTopic"));
        const auto link = res->get_header_value("Link");
        const auto next = link.find(">; rel=\"next\"");
        path.clear();
        if (next != std::string::npos) {
            const auto start = link.rfind('<', next) + 1;
            path = link.substr(start, next - start).substr(origin(server).size());
        }
    }
    CHECK(pages == 3);
    CHECK(hub_triples == 25001); // 25,000 values and the blank address
    CHECK(c.Get("/doc/hub.nt?page=4")->status == 404);
    CHECK(c.Get("/doc/hub.nt?page=3")->get_header_value("Link").find("rel=\"prev\"") !=
          std::string::npos);
}

TEST_CASE("with --trust-proxy the access log names the client the proxy forwarded",
          "[operations]") {
    DataDir data;
    data.write(version_one);
    const auto log = data.dir / "access.log";
    SeeotherProcess server(serve_args({data.file().string()}, "http://data.test/",
                                      {"--trust-proxy", "--access-log", log.string()}));
    client(server).Get("/id/a", {{"X-Forwarded-For", "203.0.113.7, 10.0.0.1"}});
    client(server).Get("/id/a", {{"Forwarded", "for=\"[2001:db8::17]:4711\";proto=https"}});
    client(server).Get("/id/a");
    CHECK(server.stop().code == 0);
    std::ifstream in(log);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].rfind("203.0.113.7 - - [", 0) == 0);
    CHECK(lines[1].rfind("2001:db8::17 - - [", 0) == 0);
    CHECK(lines[2].rfind("127.0.0.1 - - [", 0) == 0);
}

TEST_CASE("/metrics counts connections and requests refused for framing", "[operations]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base));
    RawConnection idle(server.port());
    idle.send(get_request("/id/alice"));
    REQUIRE(idle.next());
    RawConnection refused(server.port());
    refused.send("GET /id/alice HTTP/1.1\r\nHost: a\r\nBad line\r\n\r\n");
    REQUIRE(refused.next());
    REQUIRE(refused.closed_by_server());
    // The counts settle once the server has parked the first connection after its reply.
    RawConnection asking(server.port());
    std::string text;
    const bool settled = eventually([&] {
        asking.send(get_request("/metrics"));
        const auto metrics = asking.next();
        text = metrics ? metrics->body : "";
        return text.find("seeother_connections_open 2\n") != std::string::npos &&
               text.find("seeother_connections_active 1\n") != std::string::npos &&
               text.find("seeother_connections_idle 1\n") != std::string::npos;
    });
    INFO(text);
    CHECK(settled);
    CHECK_THAT(text, Contains("seeother_requests_refused_total{code=\"400\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_requests_total{code=\"400\"} 1\n"));
}

TEST_CASE("after a garbage request, SIGTERM during a large reply still delivers it whole",
          "[operations]") {
    DataDir data;
    // One thing with 4,000 values of 5 KB: a 20 MB N-Triples reply, far more than the
    // socket buffers hold, so the reply is still being written when the signal comes.
    std::string turtle = "<http://data.test/id/big>";
    const std::string value(5000, 'v');
    for (int i = 0; i < 4000; ++i)
        turtle += (i ? " ;\n" : "") + std::string(" <http://data.test/p") + std::to_string(i) +
                  "> \"" + value + "\"";
    turtle += " .\n";
    data.write(turtle);
    SeeotherProcess server(serve_args({data.file().string()}, "http://data.test/"));

    RawConnection garbage(server.port());
    garbage.send("NONSENSE\r\n\r\n");
    REQUIRE(garbage.next());

    RawConnection c(server.port());
    c.send(get_request("/doc/big.nt"));
    // The reply is being written once its first bytes arrive; then the signal comes.
    REQUIRE(c.readable(30000));
    ::kill(server.pid(), SIGTERM);
    const auto reply = c.next(false, 10000);
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->body.size() == std::stoul(reply->header("Content-Length")));
    CHECK(reply->body.size() > 20'000'000);
    const auto exit = server.wait(std::chrono::seconds(5));
    CHECK(exit.exited);
    CHECK(exit.code == 0);
}

TEST_CASE("a client that takes no bytes of a reply is dropped after the write timeout",
          "[operations]") {
    DataDir data;
    std::string turtle = "<http://data.test/id/big>";
    const std::string value(5000, 'v');
    for (int i = 0; i < 4000; ++i)
        turtle += (i ? " ;\n" : "") + std::string(" <http://data.test/p") + std::to_string(i) +
                  "> \"" + value + "\"";
    turtle += " .\n";
    data.write(turtle);
    SeeotherProcess server(
        serve_args({data.file().string()}, "http://data.test/", {"--write-timeout", "1"}));
    RawConnection c(server.port());
    c.send(get_request("/doc/big.nt"));
    REQUIRE(c.readable(30000));
    // The 20 MB reply fills the socket buffers and stops; a second later the server gives up
    // on this client: reading on, the stream ends before the reply is whole.
    std::this_thread::sleep_for(std::chrono::seconds(4));
    CHECK_FALSE(c.next(false, 10000));
    CHECK(client(server).Get("/id/big")->status == 303);
}

TEST_CASE("junk query strings and random languages neither multiply nor evict cached replies",
          "[operations]") {
    SeeotherProcess server(
        serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base, {}));
    auto c = client(server);
    const auto cache_entries = [&] {
        auto res = c.Get("/metrics");
        REQUIRE(res);
        const auto at = res->body.find("\nseeother_cache_entries ");
        REQUIRE(at != std::string::npos);
        return std::stoul(res->body.substr(at + 24));
    };
    for (int i = 0; i < 500; ++i) {
        const std::string junk = std::to_string(i * 7919);
        auto res =
            c.Get("/doc/alice.ttl?" + junk, {{"Accept-Language", "x-" + junk + ", en;q=0.5"}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    // One Turtle reply serves them all (its compressed and plain forms aside).
    const auto turtle_entries = cache_entries();
    CHECK(turtle_entries <= 2);
    // Pages for people do depend on languages, but only on how a reader ranks the data's:
    // made-up ones all rank them alike, so they share one page.
    for (int i = 0; i < 200; ++i) {
        auto res = c.Get("/doc/alice", {{"Accept", "text/html"},
                                        {"Accept-Language", "x-" + std::to_string(i * 104729)}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    CHECK(cache_entries() == turtle_entries + 1);
}
