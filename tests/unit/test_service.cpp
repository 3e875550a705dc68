#include "memory_store.hpp"
#include "server/ld/service.hpp"

#include "requests.hpp"
#include "store_wrappers.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using seeother::server::Request;
using seeother::server::Service;
using seeother::server::Site;

namespace {

using seeother::test::site;

Request get(std::string target, seeother::server::Headers extra = {}) {
    extra.insert(extra.begin(), {"Host", "h"});
    return seeother::test::make_request(std::move(target), std::move(extra));
}

std::shared_ptr<const seeother::rdf::Store> store_of(std::vector<std::string> iris) {
    return std::make_shared<seeother::test::MemoryStore>(
        seeother::test::store_with_subjects(std::move(iris)));
}

} // namespace

TEST_CASE("a repeated request is answered from the cache with the same reply", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    const auto first = service.respond(get("/doc/a"));
    const auto second = service.respond(get("/doc/a"));
    CHECK(first->status == 200);
    CHECK(first == second); // the very same shared reply
    CHECK(service.cache_stats().hits == 1);
}

TEST_CASE("If-None-Match is answered with 304 from a cached reply", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    const auto full = service.respond(get("/doc/a"));
    const std::string etag(full->header("ETag"));
    const auto revalidated = service.respond(get("/doc/a", {{"If-None-Match", etag}}));
    CHECK(revalidated->status == 304);
    CHECK(revalidated->body.empty());
    CHECK(service.respond(get("/doc/a"))->status == 200);
}

TEST_CASE("a malformed request is never answered from the cache", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    CHECK(service.respond(get("/doc/a"))->status == 200);
    CHECK(service.respond(get("/doc/a", {{"Content-Length", "abc"}}))->status == 400);
}

TEST_CASE("replacing the store serves the new data and drops cached replies", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    CHECK(service.respond(get("/id/a"))->status == 303);
    CHECK(service.respond(get("/id/b"))->status == 404);
    service.replace_store(store_of({"http://example.org/id/b"}));
    CHECK(service.generation() == 1);
    CHECK(service.respond(get("/id/a"))->status == 404);
    CHECK(service.respond(get("/id/b"))->status == 303);
}

TEST_CASE("a write keeps the cached RDF of what it did not touch, and drops the rest",
          "[service]") {
    Service service(store_of({"http://example.org/id/a", "http://example.org/id/b"}), site(),
                    1 << 20);
    // As serve wires a server that takes writes: the write room answers none of these.
    service.set_writes([](const Request&) { return std::optional<seeother::server::Reply>(); });
    const seeother::server::Headers turtle{{"Accept", "text/turtle"}};
    const auto a = service.respond(get("/doc/a", turtle));
    const auto b = service.respond(get("/doc/b", turtle));
    const auto a_html = service.respond(get("/doc/a.html"));
    CHECK(service.respond(get("/id/c"))->status == 404);
    REQUIRE(a->status == 200);
    CHECK(a->about == "http://example.org/id/a");
    CHECK(a_html->about.empty()); // HTML shows other things' labels and links

    // The write replaces b's description and creates c.
    service.write_store(
        store_of({"http://example.org/id/a", "http://example.org/id/b", "http://example.org/id/c"}),
        {"http://example.org/id/b", "http://example.org/id/c"});
    CHECK(service.respond(get("/doc/a", turtle)) == a);   // kept: the very same reply
    CHECK(service.respond(get("/doc/b", turtle)) != b);   // rendered again
    CHECK(service.respond(get("/doc/a.html")) != a_html); // pages are rendered again
    CHECK(service.respond(get("/id/c"))->status == 303);  // no cached 404
    CHECK(service.generation() == 1);
    // A reply found under its second key is one hit, not a miss and a hit.
    const auto before = service.cache_stats();
    CHECK(service.respond(get("/id/c"))->status == 303);
    CHECK(service.cache_stats().hits == before.hits + 1);
    CHECK(service.cache_stats().misses == before.misses);

    // A reload drops everything.
    service.replace_store(store_of({"http://example.org/id/a"}));
    CHECK(service.respond(get("/doc/a", turtle)) != a);
}

TEST_CASE("a request in flight keeps the store it started with", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    const auto held = service.store();
    service.replace_store(store_of({"http://example.org/id/b"}));
    CHECK(seeother::rdf::describes(*held, "http://example.org/id/a"));
    CHECK(seeother::rdf::describes(*service.store(), "http://example.org/id/b"));
}

TEST_CASE("unchanged documents keep their ETag across a reload", "[service]") {
    Service service(store_of({"http://example.org/id/a", "http://example.org/id/b"}), site(),
                    1 << 20);
    const std::string before(service.respond(get("/doc/a"))->header("ETag"));
    service.replace_store(store_of({"http://example.org/id/a", "http://example.org/id/c"}));
    CHECK(service.respond(get("/doc/a"))->header("ETag") == before);
}

TEST_CASE("a request with too many header fields is 431", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    seeother::server::Headers many;
    for (int i = 0; i < 150; ++i)
        many.emplace_back("X-" + std::to_string(i), "v");
    CHECK(service.respond(get("/doc/a", many))->status == 431);
}

TEST_CASE("concurrent reloads each get a generation of their own", "[service]") {
    // SIGHUP and --watch may reload at once: a lost generation would let one store's
    // cached replies answer for another's. Several rounds, since threads do not always
    // overlap.
    constexpr int rounds = 5;
    constexpr int threads = 8;
    constexpr int reloads = 10000;
    const auto replacement = store_of({"http://example.org/id/b"});
    for (int round = 0; round < rounds; ++round) {
        Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
        std::atomic<int> ready{0};
        std::vector<std::thread> reloaders;
        for (int t = 0; t < threads; ++t)
            reloaders.emplace_back([&] {
                ++ready; // all start together, so that reloads overlap
                while (ready < threads)
                    std::this_thread::yield();
                for (int i = 0; i < reloads; ++i)
                    service.replace_store(replacement);
            });
        for (auto& t : reloaders)
            t.join();
        CAPTURE(round);
        REQUIRE(service.generation() == threads * reloads);
    }
}

TEST_CASE("every reply carries CORS, errors and cached replies alike", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    for (const char* target : {"/id/a", "/doc/a", "/id/nobody", "/id/%zz", "/healthz"}) {
        CAPTURE(target);
        for (int twice = 0; twice < 2; ++twice) {
            const auto reply = service.respond(get(target));
            CHECK(reply->header("Access-Control-Allow-Origin") == "*");
            CHECK(reply->header("Access-Control-Expose-Headers") ==
                  "Location, Content-Location, Link, Vary, ETag");
            CHECK(reply->header("Accept-Ranges") == "none");
        }
    }
    const auto refused = service.refuse(400, "a field line without a colon");
    CHECK(refused->header("Access-Control-Allow-Origin") == "*");
}

TEST_CASE("/healthz and /metrics are the operator's, with the transport's lines", "[service]") {
    Service service(store_of({"http://example.org/healthz", "http://example.org/id/a"}), site(),
                    1 << 20);
    const auto health = service.respond(get("/healthz"));
    CHECK(health->status == 200);
    CHECK(health->body == "ok\n");
    CHECK(health->header("Cache-Control") == "no-store");
    service.set_transport_metrics([] { return std::string("transport_line 1\n"); });
    const auto metrics = service.respond(get("/metrics?x"));
    CHECK(metrics->status == 200);
    CHECK(metrics->body.rfind("transport_line 1\n", 0) == 0);
    CHECK_THAT(metrics->body, Catch::Matchers::Contains("seeother_store_triples "));
    CHECK_THAT(metrics->body, Catch::Matchers::Contains("seeother_cache_entries "));
    CHECK_THAT(metrics->body, Catch::Matchers::Contains("seeother_cache_admissions_total "));
    CHECK_THAT(metrics->body, Catch::Matchers::Contains("seeother_cache_rejections_total "));
    CHECK_THAT(metrics->body, Catch::Matchers::Contains("seeother_cache_evictions_total "));
}

TEST_CASE("/healthz is 503 with the store's reason while it is down, ok once it answers",
          "[service]") {
    const auto data = store_of({"http://example.org/id/a"});
    const auto failing = std::make_shared<seeother::test::FailingStore>(
        *data, seeother::rdf::StoreError::Kind::Unavailable, "",
        "the SPARQL endpoint cannot be reached");
    Service service(failing, site(), 1 << 20);
    const auto down = service.respond(get("/healthz"));
    CHECK(down->status == 503);
    CHECK(down->body == "unavailable: the SPARQL endpoint cannot be reached\n");
    CHECK(down->header("Retry-After") == "5");
    CHECK(down->header("Cache-Control") == "no-store");
    failing->set_failing(false);
    const auto up = service.respond(get("/healthz"));
    CHECK(up->status == 200);
    CHECK(up->body == "ok\n");
}

namespace {

/// A store over a server, as /metrics sees it: it counts queries and has no statistics yet
/// (asking for them would wait: stats() fails the test).
class RemoteLikeStore final : public seeother::test::WrappedStore {
  public:
    using WrappedStore::WrappedStore;
    std::optional<seeother::rdf::QueryCounters> query_counters() const override {
        seeother::rdf::QueryCounters c;
        c.request_queries = 7;
        c.background_queries = 3;
        c.unavailable = 1;
        c.timeouts = 2;
        c.bad_answers = 4;
        c.seconds = 0.5;
        c.at_most.assign(seeother::rdf::query_seconds_bounds().size(), 10);
        c.at_most[0] = 6;
        return c;
    }
    std::optional<seeother::rdf::StoreStats> known_stats() const override { return std::nullopt; }

  private:
    void ask(const std::string& question) const override {
        FAIL("/metrics asked the store " << question);
    }
};

} // namespace

TEST_CASE("/metrics shows a remote store's queries, and waits for no statistics", "[service]") {
    const auto data = store_of({"http://example.org/id/a"});
    Service service(std::make_shared<RemoteLikeStore>(*data), site(), 1 << 20);
    const auto metrics = service.respond(get("/metrics"));
    CHECK(metrics->status == 200);
    using Catch::Matchers::Contains;
    CHECK_THAT(metrics->body, !Contains("seeother_store_triples"));
    CHECK_THAT(metrics->body, Contains("seeother_store_queries_total{asked_by=\"request\"} 7\n"));
    CHECK_THAT(metrics->body,
               Contains("seeother_store_queries_total{asked_by=\"background\"} 3\n"));
    CHECK_THAT(metrics->body,
               Contains("seeother_store_query_errors_total{kind=\"unavailable\"} 1\n"));
    CHECK_THAT(metrics->body, Contains("seeother_store_query_errors_total{kind=\"timeout\"} 2\n"));
    CHECK_THAT(metrics->body,
               Contains("seeother_store_query_errors_total{kind=\"bad_answer\"} 4\n"));
    CHECK_THAT(metrics->body, Contains("seeother_store_query_seconds_bucket{le=\"0.001\"} 6\n"));
    CHECK_THAT(metrics->body, Contains("seeother_store_query_seconds_bucket{le=\"10\"} 10\n"));
    CHECK_THAT(metrics->body, Contains("seeother_store_query_seconds_bucket{le=\"+Inf\"} 10\n"));
    CHECK_THAT(metrics->body, Contains("seeother_store_query_seconds_sum 0.5\n"));
    CHECK_THAT(metrics->body, Contains("seeother_store_query_seconds_count 10\n"));

    // A store that holds its data shows its numbers and no queries.
    Service local(data, site(), 1 << 20);
    const auto text = local.respond(get("/metrics"))->body;
    CHECK_THAT(text, Contains("seeother_store_triples "));
    CHECK_THAT(text, !Contains("seeother_store_queries_total"));
}

TEST_CASE("past --cache-ttl, a failing store gets the last good reply, with its Age", "[service]") {
    const auto data = store_of({"http://example.org/id/a"});
    const auto store = std::make_shared<seeother::test::FailingStore>(
        *data, seeother::rdf::StoreError::Kind::Timeout);
    store->set_failing(false);
    auto now = seeother::server::ReplyCache::Clock::time_point();
    Service service(store, site(), 1 << 20, std::chrono::seconds(60), [&now] { return now; });
    const auto fresh = service.respond(get("/doc/a"));
    REQUIRE(fresh->status == 200);
    CHECK(fresh->header("Age").empty());

    store->set_failing(true);
    now += std::chrono::seconds(30);
    CHECK(service.respond(get("/doc/a")) == fresh); // young: the store is not asked
    now += std::chrono::seconds(45);
    const auto stale = service.respond(get("/doc/a"));
    CHECK(stale->status == 200);
    CHECK(stale->body == fresh->body);
    CHECK(stale->header("ETag") == fresh->header("ETag"));
    CHECK(stale->header("Age") == "75");
    CHECK(service.cache_stats().stale == 1);
    CHECK(service.respond(get("/doc/a", {{"If-None-Match", std::string(fresh->header("ETag"))}}))
              ->status == 304);
    // Nothing kept: the failure shows.
    CHECK(service.respond(get("/id/a"))->status == 504);

    // The store answers again: a new reply, young, with no Age.
    store->set_failing(false);
    const auto renewed = service.respond(get("/doc/a"));
    CHECK(renewed->status == 200);
    CHECK(renewed->header("Age").empty());
    CHECK(renewed != stale);
}

TEST_CASE("refused requests get a reason and close, the 503 asks to retry", "[service]") {
    Service service(store_of({"http://example.org/id/a"}), site(), 1 << 20);
    const auto bad = service.refuse(400, "obs-fold");
    CHECK(bad->status == 400);
    CHECK(bad->body == "Bad request: obs-fold\n");
    CHECK(bad->close);
    CHECK(service.refuse(505, "HTTP/2.0")->body == "HTTP version not supported: HTTP/2.0\n");
    const auto busy = service.refuse(503, "busy");
    CHECK(busy->status == 503);
    CHECK(busy->header("Retry-After") == "1");
    CHECK(busy->close);
    CHECK(busy == service.refuse(503, "busy"));
}
