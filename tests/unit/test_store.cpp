// The questions the server asks of a loaded store: describes, describe (the concise
// bounded description), subjects_with_prefix, stats; and asking them from many threads.
#include "rdf/sord/load.hpp"

#include "term_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace seeother::rdf;

namespace {

using seeother::test::text;

/// Triples as sorted lines, so that a failed check prints something readable.
std::vector<std::string> lines(const Triples& triples) {
    std::vector<std::string> out;
    for (const auto& t : triples)
        out.push_back(text(t.subject) + " " + text(t.predicate) + " " + text(t.object));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

bool sorted_without_duplicates(const Triples& triples) {
    return std::is_sorted(triples.begin(), triples.end()) &&
           std::adjacent_find(triples.begin(), triples.end()) == triples.end();
}

const char* const nested = R"(
@prefix ex: <http://example.org/vocab#> .
<http://example.org/id/root> ex:name "root" ;
    ex:child [ ex:level "1" ;
        ex:child [ ex:level "2" ;
            ex:child [ ex:level "3" ; ex:see <http://example.org/id/leaf> ] ] ] .
<http://example.org/id/leaf> ex:name "leaf" .
<http://example.org/id/other> ex:child [ ex:level "other" ] .
)";

} // namespace

TEST_CASE("describe gives the subject's triples and every blank node reached, at any depth",
          "[store]") {
    const auto store = load_store_from_string(nested, "nested.ttl");
    const auto triples = seeother::rdf::describe_all(*store, "http://example.org/id/root");
    CHECK(sorted_without_duplicates(triples));
    // Serd names [] nodes b1, b2, ... in reading order, after the file's own prefix.
    CHECK(lines(triples) ==
          sorted({
              R"(<http://example.org/id/root> <http://example.org/vocab#name> "root")",
              "<http://example.org/id/root> <http://example.org/vocab#child> _:f1_b1",
              R"(_:f1_b1 <http://example.org/vocab#level> "1")",
              "_:f1_b1 <http://example.org/vocab#child> _:f1_b2",
              R"(_:f1_b2 <http://example.org/vocab#level> "2")",
              "_:f1_b2 <http://example.org/vocab#child> _:f1_b3",
              R"(_:f1_b3 <http://example.org/vocab#level> "3")",
              "_:f1_b3 <http://example.org/vocab#see> <http://example.org/id/leaf>",
          }));
}

TEST_CASE("blank node cycles end, and each triple is given once", "[store]") {
    const auto store = load_store_from_string(R"(
@prefix ex: <http://example.org/vocab#> .
<http://example.org/id/loop> ex:p _:a ; ex:q _:b .
_:a ex:p _:b .
_:b ex:p _:a ; ex:self _:b .
)",
                                              "cycle.ttl");
    const auto triples = seeother::rdf::describe_all(*store, "http://example.org/id/loop");
    CHECK(sorted_without_duplicates(triples));
    CHECK(lines(triples) == sorted({
                                "<http://example.org/id/loop> <http://example.org/vocab#p> _:f1_a",
                                "<http://example.org/id/loop> <http://example.org/vocab#q> _:f1_b",
                                "_:f1_a <http://example.org/vocab#p> _:f1_b",
                                "_:f1_b <http://example.org/vocab#p> _:f1_a",
                                "_:f1_b <http://example.org/vocab#self> _:f1_b",
                            }));
}

TEST_CASE("only subject IRIs are described", "[store]") {
    const auto store = load_store_from_string(nested, "nested.ttl");
    CHECK(seeother::rdf::describes(*store, "http://example.org/id/root"));
    CHECK(seeother::rdf::describes(*store, "http://example.org/id/leaf"));

    const char* not_subjects[] = {
        "http://example.org/vocab#child", // only a predicate
        "http://example.org/id/nothing",  // not in the data
        "root",                           // a literal's text
        "f1_b1",                          // a blank node's label...
        "_:f1_b1",                        // ...written either way
        "http://example.org/id/roo",      // a prefix of a subject
        "http://example.org/id/root/",    // a subject plus more
        "",
    };
    for (const char* iri : not_subjects) {
        CAPTURE(iri);
        CHECK_FALSE(seeother::rdf::describes(*store, iri));
        CHECK(seeother::rdf::describe_all(*store, iri).empty());
    }

    const auto objects = load_store_from_string(
        "<http://example.org/a> <http://example.org/p> <http://example.org/only-object> .",
        "inline.ttl");
    CHECK_FALSE(seeother::rdf::describes(*objects, "http://example.org/only-object"));
    CHECK(seeother::rdf::describe_all(*objects, "http://example.org/only-object").empty());
}

TEST_CASE("subjects_page finds the subjects under a hash base and nothing else", "[store]") {
    const auto store = load_store_from_string(R"(
@prefix ex: <http://example.org/vocab#> .
<http://ex/vocab#B> ex:p "b" .
<http://ex/vocabulary#C> ex:p "c" .
<http://ex/vocab#é> ex:p "e acute" .
<http://ex/vocab#A> ex:p "a" ; ex:q "a again" .
<http://ex/vocab> ex:p "the document" .
<http://ex/vocab#Z> ex:p <http://ex/vocab#only-object> .
)",
                                              "hash.ttl");
    CHECK(store->subjects_page("http://ex/vocab#", 0, static_cast<std::size_t>(-1)).items ==
          std::vector<std::string>{"http://ex/vocab#A", "http://ex/vocab#B", "http://ex/vocab#Z",
                                   "http://ex/vocab#é"});
    CHECK(store->subjects_page("http://ex/vocab", 0, static_cast<std::size_t>(-1)).items ==
          std::vector<std::string>{"http://ex/vocab", "http://ex/vocab#A", "http://ex/vocab#B",
                                   "http://ex/vocab#Z", "http://ex/vocab#é",
                                   "http://ex/vocabulary#C"});
    CHECK(store->subjects_page("http://ex/vocab#A", 0, static_cast<std::size_t>(-1)).items ==
          std::vector<std::string>{"http://ex/vocab#A"});
    CHECK(store->subjects_page("http://ex/other#", 0, static_cast<std::size_t>(-1)).items.empty());
    CHECK(
        store->subjects_page("http://ex/vocab#zzz", 0, static_cast<std::size_t>(-1)).items.empty());
    CHECK(store->subjects_page("", 0, static_cast<std::size_t>(-1)).items.size() == 6);
}

TEST_CASE("literals keep their language tags and datatypes", "[store]") {
    const auto store = load_store_from_string(R"(
@prefix ex: <http://example.org/vocab#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/id/lit> ex:p "chat"@fr, "chat"@en-GB, "42"^^xsd:integer, "x"^^ex:custom,
    "plain", "two\nlines", """say "hi" """, 7, true .
)",
                                              "literals.ttl");
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    std::vector<Term> objects;
    for (const auto& triple : seeother::rdf::describe_all(*store, "http://example.org/id/lit"))
        objects.push_back(triple.object);
    std::vector<Term> expected = {
        Term::literal("chat", "", "fr"),
        Term::literal("chat", "", "en-GB"),
        Term::literal("42", xsd + "integer"),
        Term::literal("x", "http://example.org/vocab#custom"),
        Term::literal("plain"),
        Term::literal("two\nlines"),
        Term::literal("say \"hi\" "),
        Term::literal("7", xsd + "integer"),
        Term::literal("true", xsd + "boolean"),
    };
    std::sort(expected.begin(), expected.end());
    REQUIRE(objects.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i, expected[i].value, expected[i].datatype, expected[i].language);
        CHECK(objects[i] == expected[i]);
    }
}

TEST_CASE("stats count distinct triples and distinct subjects, blank nodes included", "[store]") {
    const auto store = load_store_from_string(R"(
@prefix ex: <http://example.org/vocab#> .
ex:a ex:p ex:o .
ex:a ex:p ex:o .
ex:a ex:q [ ex:r "1" ] .
ex:b ex:p "2" .
)",
                                              "stats.ttl");
    CHECK(store->stats().triples == 4);
    CHECK(store->stats().subjects == 3);

    const auto empty = load_store_from_string("# nothing\n", "empty.ttl");
    CHECK(empty->stats().triples == 0);
    CHECK(empty->stats().subjects == 0);
    CHECK_FALSE(seeother::rdf::describes(*empty, "http://example.org/vocab#a"));
    CHECK(empty->subjects_page("", 0, static_cast<std::size_t>(-1)).items.empty());
}

TEST_CASE("many threads asking at once get the same answers as one", "[store]") {
    const auto store = load_store_from_string(nested, "nested.ttl");
    const std::vector<std::string> iris = {
        "http://example.org/id/root", "http://example.org/id/leaf", "http://example.org/id/other",
        "http://example.org/id/missing"};
    std::vector<Triples> expected;
    for (const auto& iri : iris)
        expected.push_back(seeother::rdf::describe_all(*store, iri));
    const auto expected_subjects =
        store->subjects_page("http://example.org/id/", 0, static_cast<std::size_t>(-1)).items;
    REQUIRE(expected[0].size() == 8);
    REQUIRE(expected_subjects.size() == 3);

    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                const std::size_t k = static_cast<std::size_t>(t + i) % iris.size();
                if (seeother::rdf::describe_all(*store, iris[k]) != expected[k] ||
                    seeother::rdf::describes(*store, iris[k]) != !expected[k].empty() ||
                    store->subjects_page("http://example.org/id/", 0, static_cast<std::size_t>(-1))
                            .items != expected_subjects)
                    ++wrong;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    CHECK(wrong == 0);
}

TEST_CASE("a description is paged over the subject's triples with blank closures whole",
          "[store]") {
    const auto store = load_store_from_string(R"(
@prefix ex: <http://ex/> .
ex:hub ex:a 1, 2, 3, 4, 5 ; ex:b [ ex:c [ ex:d 6 ] ] .
)",
                                              "paged.ttl");
    std::size_t direct = 0;
    std::size_t total_items = 0;
    for (std::size_t offset = 0; offset < 6; offset += 2) {
        const auto page = store->describe(seeother::rdf::Subjects{"http://ex/hub"}, offset, 2);
        CHECK(page.total == 6);
        for (const auto& t : page.items)
            direct += t.subject.value == "http://ex/hub" ? 1u : 0u;
        total_items += page.items.size();
    }
    CHECK(direct == 6);
    CHECK(total_items == seeother::rdf::describe_all(*store, "http://ex/hub").size());
    CHECK(store->describe(seeother::rdf::Subjects{"http://ex/hub"}, 6, 2).items.empty());
    CHECK(store->describe(seeother::rdf::Subjects{"http://ex/nothing"}, 0, 2).total == 0);
}
