// The browsing questions of the Sord store: labels, backlinks, classes and instances, the
// most referenced things, search, and subjects by page. Each answer is checked against the
// data, and against the scanning stub (memory_store.hpp) that other tests rely on.
#include "memory_store.hpp"

#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace seeother::rdf;

namespace {

const char* const data = R"(
@prefix ex: <http://example.org/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/id/hub> a ex:Place ; rdfs:label "Genève"@fr, "Geneva"@en ;
    skos:prefLabel "GVA" .
<http://example.org/id/a> a ex:Person ; foaf:name "Anne Genevieve" ; ex:near <http://example.org/id/hub> ;
    ex:likes <http://example.org/id/hub> .
<http://example.org/id/b> a ex:Person, ex:Place ; foaf:name "Geneva Smith" ;
    ex:near <http://example.org/id/hub> .
<http://example.org/id/c> a ex:Person ; rdfs:label "New Geneva" ; ex:near <http://example.org/id/hub> .
<http://example.org/id/d> rdfs:label "geneva" ; ex:knows <http://example.org/id/a> ;
    ex:near <http://example.org/elsewhere> .
_:x ex:near <http://example.org/id/hub> ; a ex:Person .
<http://example.org/id/e> rdfs:label "Genf"@de ; ex:spouse [ rdfs:label "not a subject IRI" ] .
)";

const Store& store() {
    static const auto s = load_store_from_string(data, "indexes.ttl");
    return *s;
}

std::vector<std::string> iris(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& hit : hits)
        out.push_back(hit.iri);
    return out;
}

const std::string id = "http://example.org/id/";
const std::string ex = "http://example.org/vocab#";

} // namespace

TEST_CASE("labels are given per IRI, best label property first", "[store]") {
    const auto labels =
        store().labels({id + "hub", id + "nobody", id + "a", ex + "Place", id + "d"});
    REQUIRE(labels.size() == 5);
    // rdfs:label before skos:prefLabel (label_predicates order), then term order.
    CHECK(labels[0] == std::vector<Term>{Term::literal("Geneva", "", "en"),
                                         Term::literal("Genève", "", "fr"), Term::literal("GVA")});
    CHECK(labels[1].empty());
    CHECK(labels[2] == std::vector<Term>{Term::literal("Anne Genevieve")});
    CHECK(labels[3].empty()); // a class that is not a subject
    CHECK(labels[4] == std::vector<Term>{Term::literal("geneva")});
}

TEST_CASE("backlinks are grouped by predicate with counts, and paged", "[store]") {
    const auto all = store().backlinks(id + "hub", 0, 100);
    CHECK(all.total == 5);
    CHECK(all.predicates == std::vector<IriCount>{{ex + "likes", 1}, {ex + "near", 4}});
    REQUIRE(all.triples.size() == 5);
    CHECK(all.triples[0].subject == Term::iri(id + "a"));
    CHECK(all.triples[0].predicate == Term::iri(ex + "likes"));
    CHECK(all.triples[0].object == Term::iri(id + "hub"));
    // Within a predicate: IRIs in code-point order, then blank nodes.
    CHECK(all.triples[1].subject == Term::iri(id + "a"));
    CHECK(all.triples[2].subject == Term::iri(id + "b"));
    CHECK(all.triples[3].subject == Term::iri(id + "c"));
    CHECK(all.triples[4].subject.is_blank());

    const auto page = store().backlinks(id + "hub", 2, 2);
    CHECK(page.total == 5);
    CHECK(page.predicates == all.predicates);
    REQUIRE(page.triples.size() == 2);
    CHECK(page.triples[0] == all.triples[2]);
    CHECK(page.triples[1] == all.triples[3]);

    CHECK(store().backlinks(id + "hub", 10, 2).triples.empty());
    CHECK(store().backlinks(id + "a", 0, 10).total == 1);
    CHECK(store().backlinks(id + "e", 0, 10).total == 0);
    // Only subjects have backlinks: elsewhere is an object only.
    CHECK(store().backlinks("http://example.org/elsewhere", 0, 10).total == 0);
}

TEST_CASE("classes come with instance counts, most instances first", "[store]") {
    const auto classes = store().classes(0, 10);
    CHECK(classes.total == 2);
    CHECK(classes.items == std::vector<IriCount>{{ex + "Person", 4}, {ex + "Place", 2}});
    CHECK(store().classes(1, 10).items == std::vector<IriCount>{{ex + "Place", 2}});
    CHECK(store().stats().classes == 2);
}

TEST_CASE("instances of a class are paged, IRIs in order then blank nodes", "[store]") {
    const auto people = store().instances(ex + "Person", 0, 10);
    CHECK(people.total == 4);
    REQUIRE(people.items.size() == 4);
    CHECK(people.items[0] == Term::iri(id + "a"));
    CHECK(people.items[1] == Term::iri(id + "b"));
    CHECK(people.items[2] == Term::iri(id + "c"));
    CHECK(people.items[3].is_blank());
    const auto second = store().instances(ex + "Person", 1, 2);
    CHECK(second.total == 4);
    CHECK(second.items == std::vector<Term>{Term::iri(id + "b"), Term::iri(id + "c")});
    CHECK(store().instances(ex + "Nothing", 0, 10).total == 0);
    CHECK(store().instances(ex + "Perso", 0, 10).total == 0);
}

TEST_CASE("the most referenced subjects come first", "[store]") {
    const auto top = store().most_referenced(2);
    REQUIRE(top.size() == 2);
    CHECK(top[0] == IriCount{id + "hub", 5});
    CHECK(top[1] == IriCount{id + "a", 1});
}

TEST_CASE("search ranks exact, then prefix, then substring matches; shorter first", "[store]") {
    const auto hits = store().search("geneva", 0, 10);
    CHECK(hits.total == 4);
    // d: "geneva" exact; hub: "Geneva" exact (also matches via Genève→geneve? no: "geneva");
    // b: "Geneva Smith" prefix; c: "New Geneva" substring.
    CHECK(iris(hits.items) == std::vector<std::string>{id + "d", id + "hub", id + "b", id + "c"});
    CHECK(hits.items[1].label == Term::literal("Geneva", "", "en"));
}

TEST_CASE("search ignores case and accents, in the query and in labels", "[store]") {
    CHECK(iris(store().search("GENÈVE", 0, 10).items) == std::vector<std::string>{id + "hub"});
    const auto genev = store().search("genev", 0, 10);
    CHECK(genev.total == 5); // hub, a (Genevieve), b, c, d
    CHECK(iris(store().search("  gEnF ", 0, 10).items) == std::vector<std::string>{id + "e"});
}

TEST_CASE("search gives one hit per subject, pages, and finds nothing for nothing", "[store]") {
    const auto all = store().search("gen", 0, 100);
    const auto second = store().search("gen", 2, 2);
    CHECK(second.total == all.total);
    REQUIRE(second.items.size() == 2);
    CHECK(second.items[0].iri == all.items[2].iri);
    CHECK(second.items[1].iri == all.items[3].iri);
    std::vector<std::string> seen = iris(all.items);
    std::sort(seen.begin(), seen.end());
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
    CHECK(store().search("", 0, 10).total == 0);
    CHECK(store().search("   ", 0, 10).total == 0);
    CHECK(store().search("zzz", 0, 10).total == 0);
    CHECK(store().search("not a subject IRI", 0, 10).total == 0); // blank node labels
    CHECK(store().search(std::string("a\0b", 3), 0, 10).total == 0);
}

TEST_CASE("search never matches across two labels", "[store]") {
    // "GVA" follows "Geneva" in the label text; "a gva" must not match their junction.
    CHECK(store().search("vaGVA", 0, 10).total == 0);
    CHECK(store().search("geneva gva", 0, 10).total == 0);
}

TEST_CASE("subjects_page pages the subjects under a prefix and counts them", "[store]") {
    const auto page = store().subjects_page(id, 1, 2);
    CHECK(page.total == 6);
    CHECK(page.items == std::vector<std::string>{id + "b", id + "c"});
    CHECK(store().subjects_page(id, 6, 2).items.empty());
    CHECK(store().subjects_page("http://nowhere/", 0, 2).total == 0);
    CHECK(store().subjects_page("", 0, 0).total == 6);
}

TEST_CASE("the scanning stub answers the browsing questions like the Sord store", "[store]") {
    const auto sord = load_store_from_string(data, "indexes.ttl");
    Triples triples;
    for (const auto& subject : sord->subjects_page("", 0, static_cast<std::size_t>(-1)).items)
        for (const auto& t : seeother::rdf::describe_all(*sord, subject))
            if (t.subject.is_iri())
                triples.push_back(t);
    // The stub keeps only IRI subjects' triples; compare on questions about those.
    const seeother::test::MemoryStore stub(triples);
    CHECK(stub.labels({id + "hub", id + "a"}) == sord->labels({id + "hub", id + "a"}));
    CHECK(iris(stub.search("geneva", 0, 10).items) == iris(sord->search("geneva", 0, 10).items));
    CHECK(stub.instances(ex + "Place", 0, 10).items == sord->instances(ex + "Place", 0, 10).items);
}

TEST_CASE("the browsing questions are safe from many threads at once", "[store]") {
    const auto expected_hits = iris(store().search("gen", 0, 10).items);
    const auto expected_links = store().backlinks(id + "hub", 0, 10).triples;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i)
                if (iris(store().search("gen", 0, 10).items) != expected_hits ||
                    store().backlinks(id + "hub", 0, 10).triples != expected_links)
                    ++wrong;
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(wrong == 0);
}
