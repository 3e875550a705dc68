// The real binary in front of an endpoint that fails: a stopped engine, a slow one, HTTP
// errors, malformed answers. Every request gets 502, 503 (with Retry-After) or 504 with a
// short text naming the endpoint's problem, never a 404 or a 303; /healthz says the endpoint
// is down; cached replies keep serving, with their Age. The faults come from the Oxigraph
// test server ([faults]: the Oxigraph run only).
#include "sparql_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include <vector>

namespace {

using namespace seeother;
using Catch::Matchers::Contains;

const std::string base = "http://serve-faults.test/";
const std::string data =
    "<http://serve-faults.test/id/a> <http://www.w3.org/2000/01/rdf-schema#label> \"a\" ;\n"
    "  <http://serve-faults.test/vocab#p> <http://serve-faults.test/id/b> .\n"
    "<http://serve-faults.test/id/b> <http://www.w3.org/2000/01/rdf-schema#label> \"b\" .\n";

test::OxigraphEngine& engine() {
    return dynamic_cast<test::OxigraphEngine&>(test::shared_engine());
}

/// seeother on the shared engine's test server, at one of its fault paths.
test::SeeotherProcess server_at(const std::string& path, std::vector<std::string> extra = {}) {
    return test::SeeotherProcess(test::sparql_args(engine().base_url() + path,
                                                   test::load_into_engine(data, "faults.ttl", base),
                                                   base, std::move(extra)));
}

/// The routes a failing endpoint must never answer with a 404 or a 303.
const std::vector<std::string> routes = {"/id/a",       "/id/nothing", "/doc/a.ttl", "/doc/a.html",
                                         "/doc/a",      "/vocab",      "/",          "/classes",
                                         "/search?q=a", "/sitemap.xml"};

void check_every_route(test::SeeotherProcess& server, int status, const std::string& says) {
    auto client = test::client_of(server);
    for (const auto& route : routes) {
        CAPTURE(route);
        const auto res = test::get(client, route);
        INFO(res.body << server.stderr_text());
        CHECK(res.status == status);
        CHECK_THAT(res.body, Contains(says));
        CHECK(res.get_header_value("Content-Type") == "text/plain; charset=utf-8");
        CHECK(res.get_header_value("Retry-After") == (status == 503 ? "5" : ""));
    }
}

} // namespace

TEST_CASE("the binary: nothing listening at the endpoint is 503 with Retry-After on every route",
          "[sparql][faults]") {
    auto server = test::SeeotherProcess(test::sparql_args(
        "http://127.0.0.1:" + std::to_string(test::free_port()) + "/sparql", {}, base));
    check_every_route(server, 503, "the SPARQL endpoint cannot be reached");
    auto client = test::client_of(server);
    const auto health = test::get(client, "/healthz");
    CHECK(health.status == 503);
    CHECK_THAT(health.body, Contains("unavailable: the SPARQL endpoint cannot be reached"));
    CHECK(health.body.find("127.0.0.1") == std::string::npos); // no address to clients
    CHECK(test::metric(client, "seeother_store_query_errors_total{kind=\"unavailable\"}") > 0);
}

TEST_CASE("the binary: a slow endpoint is 504 after --sparql-timeout, never a hang",
          "[sparql][faults]") {
    // The endpoint answers after 30 s, the client waits 20 s at most, seeother 1 s a query.
    auto server = server_at("/delay/30000/sparql", {"--sparql-timeout", "1"});
    auto client = test::client_of(server, 20);
    for (const char* route : {"/id/a", "/doc/a.ttl", "/"}) {
        CAPTURE(route);
        const auto res = test::get(client, route);
        INFO(res.body);
        CHECK(res.status == 504);
        CHECK_THAT(res.body, Contains("Gateway timeout"));
        CHECK_THAT(res.body, Contains("the SPARQL endpoint"));
    }
    const auto health = test::get(client, "/healthz");
    CHECK(health.status == 503);
    CHECK_THAT(health.body, Contains("gave no whole answer within 1000 ms"));
    CHECK(test::metric(client, "seeother_store_query_errors_total{kind=\"timeout\"}") > 0);
}

TEST_CASE("the binary: requests waiting on a slow endpoint do not turn new clients away",
          "[sparql][faults]") {
    // Each query answers after 1.5 s. Workers wait on the endpoint rather than compute: when
    // waiting counted against the workers (one per core), the third client found them all
    // busy and got 503. --threads bounds the workers that use a core, not those that wait.
    const auto threads = GENERATE(as<std::string>{}, "0", "1");
    CAPTURE(threads);
    std::vector<std::string> extra = {"--sparql-timeout", "10"};
    if (threads != "0")
        extra.insert(extra.end(), {"--threads", threads});
    auto server = server_at("/delay/1500/sparql", extra);
    std::vector<std::thread> waiting;
    std::vector<int> statuses(6, 0);
    for (std::size_t i = 0; i < statuses.size(); ++i)
        waiting.emplace_back([&, i] {
            auto client = test::client_of(server, 20);
            statuses[i] = test::get(client, "/id/a").status;
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // all of them waiting
    auto late = test::client_of(server, 20);
    const auto res = test::get(late, "/id/b");
    for (auto& t : waiting)
        t.join();
    INFO(res.body << server.stderr_text());
    CHECK(res.status == 303);
    CHECK(statuses == std::vector<int>(6, 303));
}

TEST_CASE("the binary: clients asking at once for one cold document cost one render's queries",
          "[sparql][faults]") {
    // Each query answers after 0.5 s: the eight clients all ask while the first render waits.
    // Each used to render it again, asking the endpoint eight times as much.
    auto server = server_at("/delay/500/sparql", {"--sparql-timeout", "10"});
    auto client = test::client_of(server, 20);
    CHECK(test::get(client, "/doc/b.nt").status == 200); // the engine asked for, once
    const double before_one = test::request_queries(client);
    CHECK(test::get(client, "/doc/a.nt").status == 200);
    const double one = test::request_queries(client) - before_one;
    std::vector<std::thread> clients;
    std::vector<int> statuses(8, 0);
    for (std::size_t i = 0; i < statuses.size(); ++i)
        clients.emplace_back([&, i] {
            auto own = test::client_of(server, 20);
            statuses[i] = test::get(own, "/doc/a.ttl").status; // the same description, cold
        });
    for (auto& t : clients)
        t.join();
    INFO(server.stderr_text());
    CHECK(statuses == std::vector<int>(8, 200));
    CHECK(test::request_queries(client) - before_one - one == one);
}

TEST_CASE("the binary: HTTP 500, a malformed answer or a wrong type is 502, 503 stays 503",
          "[sparql][faults]") {
    struct Row {
        const char* path;
        int status;
        const char* says;
    };
    for (const auto& row : {
             Row{"/status/500/sparql", 502, "the SPARQL endpoint answered HTTP 500"},
             Row{"/garbage/sparql", 502, "does not parse as N-Triples"},
             Row{"/wrongtype/sparql", 502, "answered text/html where N-Triples"},
             Row{"/status/503/sparql", 503, "the SPARQL endpoint answered HTTP 503"},
         }) {
        CAPTURE(row.path);
        auto server = server_at(row.path);
        check_every_route(server, row.status, row.says);
        auto client = test::client_of(server);
        CHECK(test::get(client, "/healthz").status == 503);
    }
}

TEST_CASE("the binary: an endpoint that stops keeps cached replies serving past --cache-ttl, "
          "with their Age, the rest is 503, and /healthz says so",
          "[sparql][faults]") {
    test::OxigraphEngine own;
    const std::string graph = "urn:x-seeother-test:stopping";
    own.load(data, "faults.ttl", base, graph);
    auto server = test::SeeotherProcess(
        test::sparql_args(own.endpoint(), {graph}, base, {"--cache-ttl", "1"}));
    auto client = test::client_of(server);
    const auto fresh = test::get(client, "/doc/a.nt");
    REQUIRE(fresh.status == 200);
    CHECK_FALSE(fresh.has_header("Age"));
    CHECK(test::get(client, "/healthz").body == "ok\n");

    own.stop();
    // Once the reply is older than --cache-ttl, the endpoint is asked, fails, and the kept
    // reply is served with its age.
    const auto stale =
        test::poll(client, "/doc/a.nt", [](const auto& res) { return res.has_header("Age"); });
    INFO(server.stderr_text());
    CHECK(stale.status == 200);
    CHECK(stale.body == fresh.body);
    CHECK(stale.get_header_value("ETag") == fresh.get_header_value("ETag"));
    CHECK(std::stoi(stale.get_header_value("Age")) >= 1);

    const auto never_cached = test::get(client, "/doc/b.nt");
    CHECK(never_cached.status == 503);
    CHECK(never_cached.get_header_value("Retry-After") == "5");
    CHECK_THAT(never_cached.body, Contains("the SPARQL endpoint cannot be reached"));
    const auto health = test::get(client, "/healthz");
    CHECK(health.status == 503);
    CHECK_THAT(health.body, Contains("the SPARQL endpoint cannot be reached"));
    CHECK(test::metric(client, "seeother_cache_stale_total") >= 1);
}
