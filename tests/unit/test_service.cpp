#include "memory_store.hpp"
#include "server/ld/service.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

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
