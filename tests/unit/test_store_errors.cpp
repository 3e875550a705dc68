// A store that fails (rdf::StoreError, as a SPARQL endpoint can) gets 503, 504 or 502 from
// every route, whichever question fails: never a 404 for what may well exist, nor a 500.
#include "rdf/sord/load.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"
#include "store_wrappers.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using Kind = seeother::rdf::StoreError::Kind;

namespace {

const auto& data() {
    static const auto store = seeother::rdf::load_store_from_string(R"(
@prefix ex: <http://example.org/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/id/alice> a ex:Person ; rdfs:label "Alice" ;
    ex:knows <http://example.org/id/bob> .
<http://example.org/id/bob> rdfs:label "Bob" .
ex:Person rdfs:label "Person" .
)",
                                                                    "errors.ttl");
    return *store;
}

seeother::server::Reply get(const seeother::rdf::Store& store, const std::string& target) {
    return seeother::server::handle(
        seeother::test::local_request(target, {{"Accept", "text/html"}}), store,
        seeother::test::site());
}

struct Expected {
    Kind kind;
    int status;
    const char* says;
};

const Expected expected[] = {
    {Kind::Unavailable, 503, "Service unavailable"},
    {Kind::Timeout, 504, "Gateway timeout"},
    {Kind::BadAnswer, 502, "Bad gateway"},
};

} // namespace

TEST_CASE("each kind of store failure has its status, and only 503 says when to retry",
          "[store_errors]") {
    for (const auto& e : expected) {
        const seeother::test::FailingStore failing(data(), e.kind);
        const auto reply = get(failing, "/id/alice");
        CAPTURE(e.status, reply.body);
        CHECK(reply.status == e.status);
        CHECK(reply.header("Content-Type") == "text/plain; charset=utf-8");
        CHECK_THAT(reply.body, Contains(e.says));
        CHECK_THAT(reply.body, Contains("data store"));
        CHECK(reply.header("Retry-After") == (e.status == 503 ? "5" : ""));
        // The store's own message may name hosts the client must not see.
        CHECK(reply.body.find("test store") == std::string::npos);
    }
}

TEST_CASE("a failure's detail is shown, the store's own message never", "[store_errors]") {
    for (const auto& e : expected) {
        const seeother::test::FailingStore failing(data(), e.kind, "",
                                                   "the SPARQL endpoint answered HTTP 500");
        const auto reply = get(failing, "/doc/alice");
        CAPTURE(reply.body);
        CHECK(reply.status == e.status);
        CHECK_THAT(reply.body, Contains(e.says));
        CHECK_THAT(reply.body, Contains("(the SPARQL endpoint answered HTTP 500)"));
        CHECK(reply.body.find("test store") == std::string::npos);
    }
}

TEST_CASE("a store failing at any question of any route is a gateway error", "[store_errors]") {
    struct Row {
        const char* question;
        const char* target;
    };
    for (const auto& row : {
             Row{"described", "/id/alice"},
             Row{"described", "/doc/alice"},
             Row{"describe", "/doc/alice.ttl"},
             Row{"describe", "/doc/alice"},
             Row{"prefixes", "/doc/alice.nt"},
             Row{"backlinks", "/doc/alice"},
             Row{"labels", "/doc/alice"},
             Row{"instance_counts", "/doc/alice"},
             Row{"describe", "/vocab.html"},
             Row{"stats", "/"},
             Row{"classes", "/classes"},
             Row{"instances", "/class?iri=http%3A%2F%2Fexample.org%2Fvocab%23Person"},
             Row{"search", "/search?q=ali"},
             Row{"subjects_page", "/sitemap.xml"},
             Row{"most_referenced", "/.well-known/void.ttl"},
         }) {
        for (const auto& e : expected) {
            CAPTURE(row.question, row.target, e.status);
            const seeother::test::FailingStore failing(data(), e.kind, row.question);
            CHECK(get(data(), row.target).status < 400); // the route works on a healthy store
            CHECK(get(failing, row.target).status == e.status);
        }
    }
}
