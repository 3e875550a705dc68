#include "memory_store.hpp"
#include "server/ld/service.hpp"

#include "requests.hpp"

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

TEST_CASE("refused requests get a reason and close; the 503 asks to retry", "[service]") {
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
