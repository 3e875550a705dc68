// How many questions each kind of request asks the store, pinned: a store behind a network
// (a SPARQL endpoint) pays a round trip for each. The README lists the same numbers.
#include "rdf/sord/load.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"
#include "store_wrappers.hpp"

#include <catch2/catch.hpp>

using Asked = std::map<std::string, int>;

namespace {

const auto& data() {
    static const auto store = seeother::rdf::load_store_from_string(R"(
@prefix ex: <http://example.org/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/id/alice> a ex:Person ; rdfs:label "Alice"@en, "Alicia"@es ;
    ex:knows <http://example.org/id/bob>, <http://other.test/carol> ;
    ex:address [ ex:city "Paris" ; ex:in <http://example.org/id/france> ] .
<http://example.org/id/bob> rdfs:label "Bob" ; ex:knows <http://example.org/id/alice> .
<http://example.org/id/france> rdfs:label "France" .
ex:Person rdfs:label "Person" .
ex:knows rdfs:label "knows" .
)",
                                                                    "questions.ttl");
    return *store;
}

/// The questions one request asks, by name.
Asked questions(const std::string& target, const seeother::server::Headers& extra = {}) {
    seeother::test::CountingStore counting(data());
    const auto reply = seeother::server::handle(seeother::test::local_request(target, extra),
                                                counting, seeother::test::site());
    CAPTURE(target, reply.body.substr(0, 200));
    CHECK(reply.status < 400);
    return counting.asked();
}

} // namespace

TEST_CASE("a 303 asks one question: which reading of the path is described", "[questions]") {
    CHECK(questions("/id/alice") == Asked{{"described", 1}});
}

TEST_CASE("an RDF document asks three questions", "[questions]") {
    const Asked rdf{{"described", 1}, {"describe", 1}, {"prefixes", 1}};
    CHECK(questions("/doc/alice.ttl") == rdf);
    CHECK(questions("/doc/alice", {{"Accept", "application/n-triples"}}) == rdf);
    CHECK(questions("/vocab.nt") == rdf);
}

TEST_CASE("an HTML document asks six questions, one batch of labels among them", "[questions]") {
    // Existence once (the resolver), the page of the description, the prefixes, one page
    // of backlinks, the class counts of the page's subjects, and the labels of everything
    // the page links to, in one batch.
    const Asked html{{"described", 1}, {"describe", 1}, {"prefixes", 1},
                     {"backlinks", 1}, {"labels", 1},   {"instance_counts", 1}};
    CHECK(questions("/doc/alice.html") == html);
    CHECK(questions("/doc/alice", {{"Accept", "text/html"}, {"Accept-Language", "es"}}) == html);
    CHECK(questions("/vocab.html") == html);
}

TEST_CASE("an HTML page past the values asks for the first page again, for its header",
          "[questions]") {
    std::string nt = "<http://example.org/id/hub> <http://www.w3.org/2000/01/rdf-schema#label> "
                     "\"Hub\" .\n";
    for (int i = 0; i < 150; ++i)
        nt += "<http://example.org/id/m" + std::to_string(i) +
              "> <http://example.org/vocab#in> <http://example.org/id/hub> .\n";
    const auto hub = seeother::rdf::load_store_from_string(nt, "hub.nt");
    seeother::test::CountingStore counting(*hub);
    const auto reply = seeother::server::handle(
        seeother::test::local_request("/doc/hub.html?page=2"), counting, seeother::test::site());
    CHECK(reply.status == 200);
    CHECK(counting.asked() == Asked{{"described", 1},
                                    {"describe", 2},
                                    {"prefixes", 1},
                                    {"backlinks", 1},
                                    {"labels", 1},
                                    {"instance_counts", 1}});
}

TEST_CASE("the pages for browsing ask a few bounded questions each", "[questions]") {
    CHECK(questions("/") == Asked{{"described", 1},
                                  {"prefixes", 1},
                                  {"stats", 1},
                                  {"classes", 1},
                                  {"most_referenced", 1},
                                  {"subjects_page", 3},
                                  {"labels", 1}});
    CHECK(questions("/classes") ==
          Asked{{"described", 1}, {"prefixes", 1}, {"classes", 1}, {"labels", 1}});
    CHECK(questions("/class?iri=http%3A%2F%2Fexample.org%2Fvocab%23Person") ==
          Asked{{"described", 1}, {"prefixes", 1}, {"instances", 1}, {"labels", 1}});
    CHECK(questions("/search?q=ali") ==
          Asked{{"described", 1}, {"prefixes", 1}, {"search", 1}, {"labels", 1}});
    CHECK(questions("/sitemap.xml") == Asked{{"described", 2}, {"subjects_page", 2}});
    CHECK(questions("/.well-known/void.ttl") == Asked{{"described", 1},
                                                      {"prefixes", 1},
                                                      {"stats", 1},
                                                      {"most_referenced", 1},
                                                      {"subjects_page", 1},
                                                      {"classes", 1}});
    CHECK(questions("/.well-known/void.html") == Asked{{"described", 1},
                                                       {"prefixes", 1},
                                                       {"stats", 1},
                                                       {"most_referenced", 1},
                                                       {"subjects_page", 1},
                                                       {"classes", 1},
                                                       {"backlinks", 1},
                                                       {"labels", 1},
                                                       {"instance_counts", 1}});
}

TEST_CASE("in the slash layout a thing's 303 asks whether it is a hash namespace too",
          "[questions][layout]") {
    const auto units = seeother::rdf::load_store_from_string(
        "<http://u.test/M> <http://www.w3.org/2000/01/rdf-schema#label> \"Metre\" .\n"
        "<http://u.test/terms#a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\" .\n",
        "units.nt");
    auto slash = seeother::test::site("http://u.test/");
    seeother::server::Namespace space;
    space.base = "http://u.test/";
    space.layout = *seeother::server::named_layout("slash");
    slash.spaces = {space};
    const auto asked = [&](const std::string& target) {
        seeother::test::CountingStore counting(*units);
        const auto reply =
            seeother::server::handle(seeother::test::local_request(target), counting, slash);
        CHECK(reply.status < 400);
        return counting.asked();
    };
    CHECK(asked("/M") == Asked{{"described", 1}, {"describe", 2}});
    CHECK(asked("/terms.ttl") == Asked{{"described", 1}, {"describe", 1}, {"prefixes", 1}});
}

TEST_CASE("a store in this process is asked about a document's format URLs apart", "[questions]") {
    // The readings first, then the found document's format URLs: one more existence question
    // for a document, none for a thing's 303 (README, "Store questions").
    const auto local = [](const std::string& target) {
        seeother::test::CountingStore counting(data(), seeother::test::WrappedStore::Reach::Local);
        const auto reply = seeother::server::handle(seeother::test::local_request(target), counting,
                                                    seeother::test::site());
        CHECK(reply.status < 400);
        return counting.asked();
    };
    CHECK(local("/id/alice") == Asked{{"described", 1}});
    CHECK(local("/doc/alice.ttl") == Asked{{"described", 2}, {"describe", 1}, {"prefixes", 1}});
    CHECK(local("/vocab.nt") == Asked{{"described", 2}, {"describe", 1}, {"prefixes", 1}});
}
