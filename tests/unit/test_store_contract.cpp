// The rdf::Store contract (rdf/store.hpp), one suite for every implementation: each case runs
// against every factory in store_implementations.hpp. Descriptions first (described,
// describe and its paging, prefixes, stats), then the browsing questions (subjects, labels,
// backlinks, classes, instances, the most referenced, search), then many threads at once.
// The SPARQL tests compile the same cases against the store over their engine.
#ifdef SEEOTHER_SPARQL_TESTS
#include "sparql_implementations.hpp"
#else
#include "store_implementations.hpp"
#endif
#include "term_text.hpp"

#include "rdf/sord/load.hpp"
#include "rdf/sparql/sparql_store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

using namespace seeother::rdf;
using seeother::test::StoreImplementations;

namespace {

using seeother::test::text;

constexpr std::size_t all = static_cast<std::size_t>(-1);

/// Triples as sorted N-Quads-like lines, so that a failed check prints something readable.
std::vector<std::string> lines(const Triples& triples) {
    std::vector<std::string> out;
    for (const auto& t : triples)
        out.push_back(text(t.subject) + " " + text(t.predicate) + " " + text(t.object) +
                      (t.graph.empty() ? "" : " " + t.graph));
    std::sort(out.begin(), out.end());
    return out;
}

/// The lines with their blank node labels renamed by `names` (a label is a whole word).
std::vector<std::string> renamed(const std::vector<std::string>& lines,
                                 const std::map<std::string, std::string>& names) {
    std::vector<std::string> out;
    for (const auto& line : lines) {
        std::string result;
        for (std::size_t at = 0; at <= line.size();) {
            const auto end = std::min(line.find(' ', at), line.size());
            const std::string word = line.substr(at, end - at);
            const auto name = names.find(word);
            result += (name == names.end() ? word : name->second) + (end < line.size() ? " " : "");
            at = end + 1;
        }
        out.push_back(result);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> blank_words(const std::vector<std::string>& lines) {
    std::set<std::string> words;
    for (const auto& line : lines)
        for (std::size_t at = line.find("_:"); at != std::string::npos;
             at = line.find("_:", at + 1))
            if (at == 0 || line[at - 1] == ' ')
                words.insert(line.substr(at, line.find(' ', at) - at));
    return {words.begin(), words.end()};
}

/// Whether two graphs' lines are the same up to a renaming of blank nodes (tried one
/// renaming after another: the fixtures have a handful of blank nodes).
bool same_up_to_blank_labels(const std::vector<std::string>& got,
                             const std::vector<std::string>& want) {
    const auto from = blank_words(got);
    auto to = blank_words(want);
    if (from.size() != to.size() || got.size() != want.size())
        return false;
    do {
        std::map<std::string, std::string> names;
        for (std::size_t i = 0; i < from.size(); ++i)
            names[from[i]] = to[i];
        if (renamed(got, names) == renamed(want, {}))
            return true;
    } while (std::next_permutation(to.begin(), to.end()));
    return false;
}

/// The triples are `want`: exactly, or up to blank node labels for a store that keeps none.
template <class Factory> void check_lines(const Triples& triples, std::vector<std::string> want) {
    const auto got = lines(triples);
    std::sort(want.begin(), want.end());
    CAPTURE(got, want);
    if constexpr (Factory::keeps_blank_labels)
        CHECK(got == want);
    else
        CHECK(same_up_to_blank_labels(got, want));
}

bool sorted_without_duplicates(const Triples& triples) {
    return std::is_sorted(triples.begin(), triples.end()) &&
           std::adjacent_find(triples.begin(), triples.end()) == triples.end();
}

Subjects thing(std::string iri) {
    return {std::move(iri), false};
}

Subjects hash_namespace(std::string iri) {
    return {std::move(iri), true};
}

std::vector<std::string> iris(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& hit : hits)
        out.push_back(hit.iri);
    return out;
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

/// A hash namespace <http://ex/v#…> with neighbours that are not in it.
const char* const vocabulary = R"(
@prefix ex: <http://example.org/vocab#> .
<http://ex/v#b> ex:p "b" ; ex:q [ ex:r "b's blank" ] .
<http://ex/v> ex:p "the document" .
<http://ex/v!x> ex:p "sorts between the IRI and IRI#" .
<http://ex/v#a> ex:p "a" , "a again" ; ex:q [ ex:r "a's blank" ] .
<http://ex/v/sub#c> ex:p "under another path" .
<http://ex/vocabulary#d> ex:p "a longer IRI" .
<http://ex/w#only> ex:p "a fragment without its document" .
)";

/// Labels, links, classes and a blank node, for the browsing questions.
const char* const browsing = R"(
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

const std::string id = "http://example.org/id/";
const std::string ex = "http://example.org/vocab#";

/// The browsing fixture, loaded once per implementation.
template <class Factory> const Store& browsing_store() {
    static const auto store = Factory::make(browsing);
    return *store;
}

} // namespace

// --- Descriptions: described ----------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("only subject IRIs are described, asked in one batch", "[store]",
                        StoreImplementations) {
    const auto store = TestType::make(nested);
    const std::vector<Subjects> candidates = {
        thing("http://example.org/id/root"),
        thing("http://example.org/vocab#child"), // only a predicate
        thing("http://example.org/id/leaf"),
        thing("http://example.org/id/nothing"), // not in the data
        thing("root"),                          // a literal's text
        thing("f1_b1"),                         // a blank node's label...
        thing("_:f1_b1"),                       // ...written either way
        thing("http://example.org/id/roo"),     // a prefix of a subject
        thing("http://example.org/id/root/"),   // a subject plus more
        thing(""),
    };
    CHECK(store->described(candidates) ==
          std::vector<bool>{true, false, true, false, false, false, false, false, false, false});
    for (const auto& candidate : candidates) {
        CAPTURE(candidate.iri);
        CHECK(store->describe(candidate, 0, all).items.empty() ==
              !describes(*store, candidate.iri));
    }
    CHECK(store->described({}).empty());

    const auto objects = TestType::make(
        "<http://example.org/a> <http://example.org/p> <http://example.org/only-object> .");
    CHECK_FALSE(describes(*objects, "http://example.org/only-object"));
    const auto page = objects->describe(thing("http://example.org/only-object"), 0, 10);
    CHECK(page.total == 0);
    CHECK(page.items.empty());
}

TEMPLATE_LIST_TEST_CASE("a hash namespace is described by its IRI or any IRI#… subject", "[store]",
                        StoreImplementations) {
    const auto store = TestType::make(vocabulary);
    CHECK(store->described({hash_namespace("http://ex/v"), hash_namespace("http://ex/w"),
                            thing("http://ex/w"), hash_namespace("http://ex/v!"),
                            hash_namespace("http://ex/v/sub"), hash_namespace("http://ex/x"),
                            thing("http://ex/v#")}) ==
          std::vector<bool>{true, true, false, false, true, false, false});
}

// --- Descriptions: describe -----------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("describe gives the subject's triples and every blank node reached, at "
                        "any depth",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(nested);
    const auto page = store->describe(thing("http://example.org/id/root"), 0, all);
    CHECK(page.total == 2);
    CHECK(sorted_without_duplicates(page.items));
    // Serd names [] nodes b1, b2, ... in reading order, after the input's own prefix.
    check_lines<TestType>(
        page.items, {
                        R"(<http://example.org/id/root> <http://example.org/vocab#name> "root")",
                        "<http://example.org/id/root> <http://example.org/vocab#child> _:f1_b1",
                        R"(_:f1_b1 <http://example.org/vocab#level> "1")",
                        "_:f1_b1 <http://example.org/vocab#child> _:f1_b2",
                        R"(_:f1_b2 <http://example.org/vocab#level> "2")",
                        "_:f1_b2 <http://example.org/vocab#child> _:f1_b3",
                        R"(_:f1_b3 <http://example.org/vocab#level> "3")",
                        "_:f1_b3 <http://example.org/vocab#see> <http://example.org/id/leaf>",
                    });
}

TEMPLATE_LIST_TEST_CASE("blank node cycles end, and a blank node reached twice is described once",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(R"(
@prefix ex: <http://example.org/vocab#> .
<http://example.org/id/loop> ex:p _:a ; ex:q _:b ; ex:r _:b .
_:a ex:p _:b .
_:b ex:p _:a ; ex:self _:b .
)");
    const auto triples = describe_all(*store, "http://example.org/id/loop");
    CHECK(sorted_without_duplicates(triples));
    check_lines<TestType>(triples,
                          {
                              "<http://example.org/id/loop> <http://example.org/vocab#p> _:f1_a",
                              "<http://example.org/id/loop> <http://example.org/vocab#q> _:f1_b",
                              "<http://example.org/id/loop> <http://example.org/vocab#r> _:f1_b",
                              "_:f1_a <http://example.org/vocab#p> _:f1_b",
                              "_:f1_b <http://example.org/vocab#p> _:f1_a",
                              "_:f1_b <http://example.org/vocab#self> _:f1_b",
                          });
}

TEMPLATE_LIST_TEST_CASE("a description is in term order, whatever order the store keeps", "[store]",
                        StoreImplementations) {
    // One predicate's objects of every kind, literals that differ only by their datatype or
    // language, and blank nodes reached in another order than their labels'.
    const auto store = TestType::make(R"(
@prefix ex: <http://example.org/vocab#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/id/mixed> ex:p "5", "5"^^xsd:integer, "5"@en, "5"@de, "5"^^ex:five,
        "10"^^xsd:integer, <http://example.org/id/z>, <http://example.org/id/a>, _:z, _:a, "",
        "z", "Z" ;
    ex:a _:m ;
    ex:z _:b .
_:z ex:p "z" .
_:a ex:p "a" .
_:m ex:q _:c .
_:b ex:q "b" .
_:c ex:r "c" .
)");
    const auto page = store->describe(thing("http://example.org/id/mixed"), 0, all);
    CHECK(page.total == 15);
    CHECK(page.items.size() == 20);
    CHECK(sorted_without_duplicates(page.items));
}

TEMPLATE_LIST_TEST_CASE("a hash namespace describes the IRI and its IRI#… subjects, nothing else",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(vocabulary);
    const auto page = store->describe(hash_namespace("http://ex/v"), 0, all);
    CHECK(page.total == 6); // the subjects' own triples, closures not counted
    std::set<std::string> subjects;
    for (const auto& t : page.items)
        if (t.subject.is_iri())
            subjects.insert(t.subject.value);
    CHECK(subjects == std::set<std::string>{"http://ex/v", "http://ex/v#a", "http://ex/v#b"});
    CHECK(page.items.size() == 8); // and the two blank nodes' triples
    CHECK(sorted_without_duplicates(page.items));

    const auto only_fragments = store->describe(hash_namespace("http://ex/w"), 0, all);
    CHECK(only_fragments.total == 1);
    CHECK(store->describe(thing("http://ex/w"), 0, all).total == 0);
}

TEMPLATE_LIST_TEST_CASE("a description is paged over the subjects' triples, every triple once, "
                        "each page with its blank closures whole",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(std::string(vocabulary) + R"(
<http://ex/v#a> <http://ex/n> 1, 2, 3, 4, 5 ; <http://ex/m> [ <http://ex/k> [ <http://ex/l> 6 ] ] .
)");
    const auto whole = store->describe(hash_namespace("http://ex/v"), 0, all);
    REQUIRE(whole.total == 12);
    for (const std::size_t size : {1U, 2U, 5U}) {
        CAPTURE(size);
        Triples direct; // the namespace's own triples, over every page
        for (std::size_t offset = 0; offset < whole.total; offset += size) {
            const auto page = store->describe(hash_namespace("http://ex/v"), offset, size);
            CHECK(page.total == whole.total);
            CHECK(sorted_without_duplicates(page.items));
            std::set<std::string> blanks_reached;
            std::set<std::string> blanks_described;
            for (const auto& t : page.items) {
                if (t.subject.is_iri())
                    direct.push_back(t);
                else
                    blanks_described.insert(t.subject.value);
                if (t.object.is_blank())
                    blanks_reached.insert(t.object.value);
            }
            CHECK(blanks_reached == blanks_described);
        }
        std::sort(direct.begin(), direct.end());
        CHECK(direct.size() == whole.total);
        CHECK(std::adjacent_find(direct.begin(), direct.end()) == direct.end());
    }
    // Subjects in code-point order: the IRI itself comes first.
    CHECK(store->describe(hash_namespace("http://ex/v"), 0, 1).items.at(0).subject ==
          Term::iri("http://ex/v"));
    const auto past_the_end = store->describe(hash_namespace("http://ex/v"), 12, 5);
    CHECK(past_the_end.total == 12);
    CHECK(past_the_end.items.empty());
    const auto none = store->describe(hash_namespace("http://ex/v"), 0, 0);
    CHECK(none.total == 12);
    CHECK(none.items.empty());
}

TEMPLATE_LIST_TEST_CASE("literals keep their language tags and datatypes", "[store]",
                        StoreImplementations) {
    const auto store = TestType::make(R"(
@prefix ex: <http://example.org/vocab#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/id/lit> ex:p "chat"@fr, "chat"@en-GB, "42"^^xsd:integer, "x"^^ex:custom,
    "plain", "two\nlines", """say "hi" """, 7, true, "s"^^xsd:string .
)");
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    std::vector<Term> objects;
    for (const auto& triple : describe_all(*store, "http://example.org/id/lit"))
        objects.push_back(triple.object);
    std::vector<Term> expected;
    for (auto term : {
             Term::literal("chat", "", "fr"), Term::literal("chat", "", "en-GB"),
             Term::literal("42", xsd + "integer"),
             Term::literal("x", "http://example.org/vocab#custom"), Term::literal("plain"),
             Term::literal("two\nlines"), Term::literal("say \"hi\" "),
             Term::literal("7", xsd + "integer"), Term::literal("true", xsd + "boolean"),
             Term::literal("s", xsd + "string"), // as written: see as_answered
         })
        expected.push_back(TestType::as_answered(term));
    std::sort(expected.begin(), expected.end());
    REQUIRE(objects.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i, expected[i].value, expected[i].datatype, expected[i].language);
        CHECK(objects[i] == expected[i]);
    }
}

TEMPLATE_LIST_TEST_CASE("languages are the data's distinct tags, lowercase and sorted, or unknown",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(R"(
@prefix ex: <http://example.org/vocab#> .
<http://example.org/id/a> ex:p "chat"@fr, "cat"@EN-gb, "Katze"@de, "plain" .
<http://example.org/id/b> ex:p "cat"@en-GB, "gato"@es ; ex:q [ ex:p "deep"@nl ] .
<http://example.org/g> { <http://example.org/id/c> ex:p "x"@ja }
)"); // (TriG 1.1's GRAPH keyword: Virtuoso's loader refuses it)
    // A store that cannot tell (a SPARQL endpoint) says so with nullptr; one that answers
    // must be exact, as the reply cache keys a reader's languages by them.
    if (const auto languages = store->languages())
        CHECK(*languages == std::vector<std::string>{"de", "en-gb", "es", "fr", "ja", "nl"});
}

TEMPLATE_LIST_TEST_CASE("a triple keeps the name of its graph, or every graph is merged", "[store]",
                        StoreImplementations) {
    const auto store = TestType::make(R"(
<http://e/s> <http://e/p> "default" .
<http://e/g> { <http://e/s> <http://e/p> "named" }
)");
    if constexpr (TestType::keeps_graph_names)
        CHECK(lines(describe_all(*store, "http://e/s")) ==
              std::vector<std::string>{R"(<http://e/s> <http://e/p> "default")",
                                       R"(<http://e/s> <http://e/p> "named" http://e/g)"});
    else
        CHECK(lines(describe_all(*store, "http://e/s")) ==
              std::vector<std::string>{R"(<http://e/s> <http://e/p> "default")",
                                       R"(<http://e/s> <http://e/p> "named")"});
}

// --- Descriptions: prefixes, and the numbers ------------------------------------------------

TEMPLATE_LIST_TEST_CASE("prefixes are the data's declarations in order, the first of a name "
                        "winning (or none, for a store that keeps none)",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(R"(
@prefix ex: <http://example.org/first#> .
@prefix : <http://example.org/default#> .
@prefix ex: <http://example.org/second#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:a :p foaf:b .
)");
    if constexpr (TestType::keeps_prefixes)
        CHECK(store->prefixes().bindings() == Prefixes{{"ex", "http://example.org/first#"},
                                                       {"", "http://example.org/default#"},
                                                       {"foaf", "http://xmlns.com/foaf/0.1/"}});
    else
        CHECK(store->prefixes().bindings().empty());
    CHECK(TestType::make("<http://e/a> <http://e/p> 1 .")->prefixes().bindings().empty());
}

TEMPLATE_LIST_TEST_CASE("stats count distinct triples and subjects, blank nodes included",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(R"(
@prefix ex: <http://example.org/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a ex:p ex:o .
ex:a ex:p ex:o .
ex:a ex:q [ ex:r "1" ; rdfs:label "a blank node's label" ] .
ex:b ex:p "2" ; a ex:C, ex:D ; rdfs:label "b", "B" .
)");
    const auto stats = store->stats();
    CHECK(stats.triples == 9);
    CHECK(stats.subjects == 3);
    CHECK(stats.iri_subjects == 2);
    CHECK(stats.classes == 2);
    CHECK(stats.labels == 2); // of subject IRIs only: those are what search finds

    const auto empty = TestType::make("# nothing\n");
    CHECK(empty->stats().triples == 0);
    CHECK(empty->stats().subjects == 0);
    CHECK_FALSE(describes(*empty, "http://example.org/vocab#a"));
    CHECK(empty->subjects_page("", 0, all).total == 0);
    CHECK(empty->classes(0, 10).total == 0);
    CHECK(empty->search("a", 0, 10).total == 0);
    CHECK(empty->most_referenced(10).empty());
}

TEMPLATE_LIST_TEST_CASE("a store made from text was last modified while it was made", "[store]",
                        StoreImplementations) {
    const auto before = std::chrono::system_clock::now();
    const auto store = TestType::make("<http://e/a> <http://e/p> 1 .");
    const auto after = std::chrono::system_clock::now();
    CHECK(before <= store->last_modified());
    // A store over an endpoint says the moment of asking (below).
    if constexpr (!TestType::asks_a_server)
        CHECK(store->last_modified() <= after);
}

#ifndef SEEOTHER_SPARQL_TESTS // once, in the unit tests: these are not per implementation
TEST_CASE("a store loaded from files was last modified when the newest of them was", "[store]") {
    const auto dir = std::filesystem::temp_directory_path() / "seeother-contract-modified";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto write = [&](const char* name, std::time_t modified) {
        const auto path = (dir / name).string();
        std::ofstream(path) << "<http://e/" << name << "> <http://e/p> \"1\" .\n";
        const timespec times[2] = {{modified, 0}, {modified, 0}};
        REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
        return path;
    };
    const auto older = write("older.nt", 1000000000);
    const auto newer = write("newer.nt", 1200000000);
    const auto store = seeother::rdf::load_store({older, newer});
    CHECK(store->last_modified() == std::chrono::system_clock::from_time_t(1200000000));
    // Told when the data changed (a directory's time, say), the store says that.
    const auto told = std::chrono::system_clock::from_time_t(1300000000);
    CHECK(seeother::rdf::load_store({older}, {}, told)->last_modified() == told);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a store over an endpoint was last modified at the moment of asking", "[store]") {
    // Its data may change at any time; asking does not contact the endpoint.
    seeother::rdf::sparql::SparqlStoreOptions options;
    options.endpoint.url = "http://127.0.0.1:9/sparql";
    const seeother::rdf::sparql::SparqlStore store(options);
    const auto before = std::chrono::system_clock::now();
    const auto modified = store.last_modified();
    CHECK(before <= modified);
    CHECK(modified <= std::chrono::system_clock::now());
}
#endif

// --- How the store is doing ------------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("a store says it is up, knows its statistics once asked, and counts the "
                        "queries it sends to a server if it sends any",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(nested);
    CHECK(store->health().up);
    CHECK(store->health().reason.empty());
    const auto before = store->query_counters();
    CHECK(describes(*store, "http://example.org/id/root"));
    const auto after = store->query_counters();
    if constexpr (TestType::asks_a_server) {
        REQUIRE(before);
        REQUIRE(after);
        CHECK(after->request_queries == before->request_queries + 1);
        CHECK(after->unavailable + after->timeouts + after->bad_answers == 0);
        REQUIRE(after->at_most.size() == query_seconds_bounds().size());
        CHECK(after->at_most.back() <= after->request_queries + after->background_queries);
        CHECK(after->seconds > 0);
    } else {
        CHECK_FALSE(after);
    }
    const auto stats = store->stats();
    const auto known = store->known_stats();
    REQUIRE(known);
    CHECK(known->triples == stats.triples);
    CHECK(known->subjects == stats.subjects);
}

// --- Browsing: subjects and labels ----------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("subjects_page pages the subject IRIs under a prefix in code-point order",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(vocabulary + std::string(R"(
<http://ex/v#é> <http://ex/p> "e acute" .
<http://ex/v#Z> <http://ex/p> <http://ex/v#only-object> .
)"));
    CHECK(store->subjects_page("http://ex/v#", 0, all).items ==
          std::vector<std::string>{"http://ex/v#Z", "http://ex/v#a", "http://ex/v#b",
                                   "http://ex/v#é"});
    CHECK(store->subjects_page("http://ex/v", 0, all).items ==
          std::vector<std::string>{"http://ex/v", "http://ex/v!x", "http://ex/v#Z", "http://ex/v#a",
                                   "http://ex/v#b", "http://ex/v#é", "http://ex/v/sub#c",
                                   "http://ex/vocabulary#d"});
    CHECK(store->subjects_page("http://ex/v#a", 0, all).items ==
          std::vector<std::string>{"http://ex/v#a"});
    CHECK(store->subjects_page("http://ex/other#", 0, all).total == 0);
    CHECK(store->subjects_page("http://ex/v#zzz", 0, all).items.empty());

    const auto page = store->subjects_page("http://ex/v", 2, 3);
    CHECK(page.total == 8);
    CHECK(page.items ==
          std::vector<std::string>{"http://ex/v#Z", "http://ex/v#a", "http://ex/v#b"});
    CHECK(store->subjects_page("http://ex/v", 8, 3).items.empty());
    CHECK(store->subjects_page("", 0, 0).total == 9);
}

TEMPLATE_LIST_TEST_CASE("labels are given per IRI, best label property first", "[store]",
                        StoreImplementations) {
    const auto labels = browsing_store<TestType>().labels(
        {id + "hub", id + "nobody", id + "a", ex + "Place", id + "d"});
    REQUIRE(labels.size() == 5);
    // rdfs:label before skos:prefLabel (label_predicates order), then term order.
    CHECK(labels[0] == std::vector<Term>{Term::literal("Geneva", "", "en"),
                                         Term::literal("Genève", "", "fr"), Term::literal("GVA")});
    CHECK(labels[1].empty());
    CHECK(labels[2] == std::vector<Term>{Term::literal("Anne Genevieve")});
    CHECK(labels[3].empty()); // a class that is not a subject
    CHECK(labels[4] == std::vector<Term>{Term::literal("geneva")});
    CHECK(browsing_store<TestType>().stats().labels == 8);
}

TEMPLATE_LIST_TEST_CASE("a reader's preferred label is the first of the labels its language "
                        "ranks best",
                        "[store]", StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const std::vector<std::string> asked = {id + "hub",   id + "nobody", id + "a",
                                            ex + "Place", id + "d",      id + "hub"};
    const std::vector<std::string_view> views(asked.begin(), asked.end());
    const auto all = store.labels(asked);
    const LanguageRank french = [](std::string_view tag) { return tag == "fr" ? 0 : 1; };
    const LanguageRank untagged = [](std::string_view tag) { return tag.empty() ? 0 : 1; };
    const LanguageRank any = [](std::string_view) { return 0; };
    for (const auto* rank : {&french, &untagged, &any}) {
        const auto preferred = store.preferred_labels(views, *rank);
        REQUIRE(preferred.size() == asked.size());
        for (std::size_t i = 0; i < asked.size(); ++i) {
            const std::size_t at = preferred_label(all[i], *rank);
            CHECK(preferred[i] ==
                  (at < all[i].size() ? std::optional<Term>(all[i][at]) : std::nullopt));
        }
    }
    CHECK(store.preferred_labels(views, french)[0] == Term::literal("Genève", "", "fr"));
    CHECK(store.preferred_labels(views, untagged)[0] == Term::literal("GVA"));
    CHECK(store.preferred_labels(views, any)[0] == Term::literal("Geneva", "", "en"));
    CHECK(store.preferred_labels(views, any)[1] == std::nullopt);
    CHECK(store.preferred_labels({}, any).empty());
}

// --- Browsing: backlinks --------------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("backlinks are grouped by predicate with counts, and paged", "[store]",
                        StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const auto whole = store.backlinks(id + "hub", 0, 100);
    CHECK(whole.total == 5);
    CHECK(whole.predicates == std::vector<IriCount>{{ex + "likes", 1}, {ex + "near", 4}});
    REQUIRE(whole.triples.size() == 5);
    CHECK(whole.triples[0].subject == Term::iri(id + "a"));
    CHECK(whole.triples[0].predicate == Term::iri(ex + "likes"));
    CHECK(whole.triples[0].object == Term::iri(id + "hub"));
    // Within a predicate: IRIs in code-point order, then blank nodes.
    CHECK(whole.triples[1].subject == Term::iri(id + "a"));
    CHECK(whole.triples[2].subject == Term::iri(id + "b"));
    CHECK(whole.triples[3].subject == Term::iri(id + "c"));
    CHECK(whole.triples[4].subject.is_blank());

    const auto page = store.backlinks(id + "hub", 2, 2);
    CHECK(page.total == 5);
    CHECK(page.predicates == whole.predicates);
    REQUIRE(page.triples.size() == 2);
    CHECK(page.triples[0] == whole.triples[2]);
    CHECK(page.triples[1] == whole.triples[3]);

    CHECK(store.backlinks(id + "hub", 10, 2).triples.empty());
    CHECK(store.backlinks(id + "a", 0, 10).total == 1);
    CHECK(store.backlinks(id + "e", 0, 10).total == 0);
    // Only subjects have backlinks: elsewhere is an object only.
    CHECK(store.backlinks("http://example.org/elsewhere", 0, 10).total == 0);
    CHECK(store.backlinks("http://example.org/elsewhere", 0, 10).predicates.empty());
}

TEMPLATE_LIST_TEST_CASE("links_to answers for any IRI what backlinks answers for a subject",
                        "[store]", StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const auto hub = store.links_to(id + "hub", 0, 100);
    if (!hub) {
        SUCCEED("this store cannot say (the SPARQL store: no EditedStore is put over it)");
        return;
    }
    const auto backlinks = store.backlinks(id + "hub", 0, 100);
    CHECK(hub->total == backlinks.total);
    CHECK(hub->predicates == backlinks.predicates);
    CHECK(hub->triples == backlinks.triples);
    CHECK(store.links_to(id + "hub", 2, 2)->triples == store.backlinks(id + "hub", 2, 2).triples);

    // Only an object.
    const auto elsewhere = store.links_to("http://example.org/elsewhere", 0, 10);
    REQUIRE(elsewhere);
    CHECK(elsewhere->total == 1);
    CHECK(elsewhere->predicates == std::vector<IriCount>{{ex + "near", 1}});
    REQUIRE(elsewhere->triples.size() == 1);
    CHECK(elsewhere->triples[0] == Triple{Term::iri(id + "d"),
                                          Term::iri(ex + "near"),
                                          Term::iri("http://example.org/elsewhere"),
                                          {}});
    // A class that is no subject: its instances' rdf:type links, IRIs in order, then blank nodes.
    const auto people = store.links_to(ex + "Person", 0, 10);
    REQUIRE(people);
    CHECK(people->total == 4);
    CHECK(people->predicates == std::vector<IriCount>{{std::string(vocab::rdf_type), 4}});
    REQUIRE(people->triples.size() == 4);
    CHECK(people->triples[0].subject == Term::iri(id + "a"));
    CHECK(people->triples[2].subject == Term::iri(id + "c"));
    CHECK(people->triples[3].subject.is_blank());
    CHECK(store.links_to(ex + "Person", 1, 2)->triples ==
          Triples(people->triples.begin() + 1, people->triples.begin() + 3));
    // Neither a subject nor an object.
    CHECK(store.links_to(ex + "near", 0, 10)->total == 0);
    CHECK(store.links_to("http://example.org/nothing", 0, 10)->predicates.empty());
}

// --- Browsing: classes and instances --------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("classes come with instance counts, most instances first", "[store]",
                        StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const auto classes = store.classes(0, 10);
    CHECK(classes.total == 2);
    CHECK(classes.items == std::vector<IriCount>{{ex + "Person", 4}, {ex + "Place", 2}});
    CHECK(store.classes(1, 10).items == std::vector<IriCount>{{ex + "Place", 2}});
    CHECK(store.stats().classes == 2);
    CHECK(store.instance_counts({ex + "Place", ex + "Nothing", ex + "Person", id + "hub"}) ==
          std::vector<std::size_t>{2, 0, 4, 0});

    // Ties in code-point order.
    const auto tied = TestType::make(R"(
<http://e/x> a <http://e/B>, <http://e/A>, <http://e/C> .
<http://e/y> a <http://e/C> .
)");
    CHECK(tied->classes(0, 10).items ==
          std::vector<IriCount>{{"http://e/C", 2}, {"http://e/A", 1}, {"http://e/B", 1}});

    // A typing in several graphs is one instance.
    const auto graphs = TestType::make(R"(
<http://e/y> a <http://e/A> .
<http://g/1> { <http://e/x> a <http://e/A> . <http://e/y> a <http://e/A> . }
<http://g/2> { <http://e/x> a <http://e/A> . }
)");
    CHECK(graphs->classes(0, 10).items == std::vector<IriCount>{{"http://e/A", 2}});
    CHECK(graphs->instances("http://e/A", 0, 10).items ==
          std::vector<Term>{Term::iri("http://e/x"), Term::iri("http://e/y")});
}

TEMPLATE_LIST_TEST_CASE("instances of a class are paged, IRIs in order then blank nodes", "[store]",
                        StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const auto people = store.instances(ex + "Person", 0, 10);
    CHECK(people.total == 4);
    REQUIRE(people.items.size() == 4);
    CHECK(people.items[0] == Term::iri(id + "a"));
    CHECK(people.items[1] == Term::iri(id + "b"));
    CHECK(people.items[2] == Term::iri(id + "c"));
    CHECK(people.items[3].is_blank());
    const auto second = store.instances(ex + "Person", 1, 2);
    CHECK(second.total == 4);
    CHECK(second.items == std::vector<Term>{Term::iri(id + "b"), Term::iri(id + "c")});
    CHECK(store.instances(ex + "Nothing", 0, 10).total == 0);
    CHECK(store.instances(ex + "Perso", 0, 10).total == 0);
}

TEMPLATE_LIST_TEST_CASE("the most referenced subjects come first, at most as many as asked",
                        "[store]", StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    CHECK(store.most_referenced(2) == std::vector<IriCount>{{id + "hub", 5}, {id + "a", 1}});
    CHECK(store.most_referenced(1) == std::vector<IriCount>{{id + "hub", 5}});
    // Only subjects count: elsewhere is an object only.
    CHECK(store.most_referenced(10).size() == 2);
}

// --- Browsing: search -----------------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("search ranks exact, then prefix, then substring matches, shorter first",
                        "[store]", StoreImplementations) {
    const auto hits = browsing_store<TestType>().search("geneva", 0, 10);
    CHECK(hits.total == 4);
    // d and hub: exact (shorter first, then IRI order); b: prefix; c: substring.
    CHECK(iris(hits.items) == std::vector<std::string>{id + "d", id + "hub", id + "b", id + "c"});
    CHECK(hits.items[1].label == Term::literal("Geneva", "", "en"));
}

TEMPLATE_LIST_TEST_CASE("search shows the label that matched best, among equals, the first label",
                        "[store]", StoreImplementations) {
    const auto store = TestType::make(R"(
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://e/paris> <http://schema.org/name> "paris" ; rdfs:label "Paris", "Paris, France" .
<http://e/parisian> rdfs:label "The Parisian" ; <http://xmlns.com/foaf/0.1/name> "Parisian" .
)");
    const auto hits = store->search("paris", 0, 10);
    REQUIRE(hits.items.size() == 2);
    CHECK(hits.items[0].iri == "http://e/paris");
    CHECK(hits.items[0].label == Term::literal("Paris")); // rdfs:label comes before schema:name
    CHECK(hits.items[1].iri == "http://e/parisian");
    CHECK(hits.items[1].label == Term::literal("Parisian")); // a prefix match beats a substring
}

TEMPLATE_LIST_TEST_CASE("search ignores case and accents, in the query and in labels", "[store]",
                        StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    CHECK(iris(store.search("GENÈVE", 0, 10).items) == std::vector<std::string>{id + "hub"});
    CHECK(store.search("genev", 0, 10).total == 5); // hub, a (Genevieve), b, c, d
    CHECK(iris(store.search("  gEnF ", 0, 10).items) == std::vector<std::string>{id + "e"});
}

TEMPLATE_LIST_TEST_CASE("search gives one hit per subject, pages, and finds nothing for nothing",
                        "[store]", StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const auto whole = store.search("gen", 0, 100);
    const auto second = store.search("gen", 2, 2);
    CHECK(second.total == whole.total);
    REQUIRE(second.items.size() == 2);
    CHECK(second.items[0].iri == whole.items[2].iri);
    CHECK(second.items[1].iri == whole.items[3].iri);
    std::vector<std::string> seen = iris(whole.items);
    std::sort(seen.begin(), seen.end());
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
    CHECK(store.search("gen", 100, 10).items.empty());
    CHECK(store.search("", 0, 10).total == 0);
    CHECK(store.search("   ", 0, 10).total == 0);
    CHECK(store.search("zzz", 0, 10).total == 0);
    CHECK(store.search("not a subject IRI", 0, 10).total == 0); // blank node labels
    CHECK(store.search(std::string("a\0b", 3), 0, 10).total == 0);
}

TEMPLATE_LIST_TEST_CASE("search never matches across two labels", "[store]", StoreImplementations) {
    // "GVA" follows "Geneva" in the label text; "a gva" must not match their junction.
    CHECK(browsing_store<TestType>().search("vaGVA", 0, 10).total == 0);
    CHECK(browsing_store<TestType>().search("geneva gva", 0, 10).total == 0);
}

TEMPLATE_LIST_TEST_CASE("search finds the subject and label of a match among hundreds of labels",
                        "[store]", StoreImplementations) {
    // 300 subjects, 700 labels: matches far into the label text, and labels of one subject
    // with the same text (rdfs:label, then foaf:name in English): the first is the one shown.
    std::string turtle = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                         "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                         "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n";
    const auto name = [](int i) {
        const std::string digits = std::to_string(i);
        return "Item " + std::string(3 - digits.size(), '0') + digits + " alpha";
    };
    for (int i = 0; i < 300; ++i) {
        turtle += "<http://e/s" + std::to_string(1000 + i) + "> rdfs:label \"" + name(i) + "\"";
        if (i % 2 == 0)
            turtle += " ; foaf:name \"" + name(i) + "\"@en";
        if (i % 3 == 0)
            turtle += " ; skos:altLabel \"ALPHA\"";
        turtle += " .\n";
    }
    const auto store = TestType::make(turtle);

    for (const int i : {0, 4, 63, 64, 131, 250, 299}) {
        INFO("subject " << i);
        const auto hits = store->search(name(i).substr(0, 8), 0, 10);
        REQUIRE(hits.total == 1);
        CHECK(hits.items[0].iri == "http://e/s" + std::to_string(1000 + i));
        CHECK(hits.items[0].label == Term::literal(name(i)));
    }
    // Every subject once: the exact matches (every third), then the substrings, in IRI order.
    const auto every = store->search("alpha", 0, 300);
    CHECK(every.total == 300);
    REQUIRE(every.items.size() == 300);
    for (int i = 0; i < 300; ++i) {
        const int exact = (i + 2) / 3; // subjects 0, 3, 6, … come first
        const int place = i % 3 == 0 ? i / 3 : 100 + i - exact;
        INFO("subject " << i);
        CHECK(every.items[static_cast<std::size_t>(place)].iri ==
              "http://e/s" + std::to_string(1000 + i));
        CHECK(every.items[static_cast<std::size_t>(place)].label ==
              (i % 3 == 0 ? Term::literal("ALPHA") : Term::literal(name(i))));
    }
}

// --- Many threads ---------------------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("many threads asking at once get the same answers as one", "[store]",
                        StoreImplementations) {
    const Store& store = browsing_store<TestType>();
    const std::vector<std::string> things = {id + "hub", id + "a", id + "e", id + "missing"};
    std::vector<Triples> descriptions;
    for (const auto& iri : things)
        descriptions.push_back(describe_all(store, iri));
    const auto subjects = store.subjects_page(id, 0, all).items;
    const auto hits = iris(store.search("gen", 0, 10).items);
    const auto links = store.backlinks(id + "hub", 0, 10).triples;
    const std::vector<std::string> labelled = {id + "hub", id + "a", id + "missing", id + "e"};
    const auto labels = store.labels(labelled);
    REQUIRE(descriptions[0].size() == 4);
    REQUIRE(subjects.size() == 6);

    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < TestType::concurrent_rounds; ++i) {
                const std::size_t k = static_cast<std::size_t>(t + i) % things.size();
                if (describe_all(store, things[k]) != descriptions[k] ||
                    describes(store, things[k]) != !descriptions[k].empty() ||
                    store.subjects_page(id, 0, all).items != subjects ||
                    iris(store.search("gen", 0, 10).items) != hits ||
                    store.backlinks(id + "hub", 0, 10).triples != links ||
                    store.labels(labelled) != labels)
                    ++wrong;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    CHECK(wrong == 0);
}

TEMPLATE_LIST_TEST_CASE("many threads describing blank node closures at once get the same "
                        "triples as one",
                        "[store]", StoreImplementations) {
    // Forty things, each with blank nodes of its own (each the object of one triple), and two
    // shared with its neighbours, each reached twice in a description and looping on itself.
    std::string data = "@prefix ex: <http://example.org/vocab#> .\n";
    const auto thing_iri = [](int i) { return id + "t" + std::to_string(i % 40); };
    for (int i = 0; i < 40; ++i) {
        const std::string n = std::to_string(i);
        const std::string next = std::to_string((i + 1) % 40);
        data += "<" + thing_iri(i) + "> ex:name \"thing " + n + "\" ; ex:next <" +
                thing_iri(i + 1) + "> ;\n  ex:part [ ex:level \"1\" ; ex:part [ ex:level \"2\" ;" +
                " ex:see _:s" + n + " ] ] ;\n  ex:shared _:s" + n + ", _:s" + next + " .\n_:s" + n +
                " ex:loop _:s" + n + " ; ex:value " + n + " .\n";
    }
    const auto store = TestType::make(data);
    std::vector<Triples> descriptions;
    std::vector<std::string> names;
    for (int i = 0; i < 40; ++i) {
        descriptions.push_back(describe_all(*store, thing_iri(i)));
        CHECK(descriptions.back().size() == 13);
        CHECK(sorted_without_duplicates(descriptions.back()));
        names.push_back(thing_iri(i));
    }
    const auto labels = store->labels(names);

    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < TestType::concurrent_rounds; ++i) {
                const auto k = static_cast<std::size_t>(t * 5 + i) % descriptions.size();
                if (describe_all(*store, names[k]) != descriptions[k] ||
                    store->labels(names) != labels)
                    ++wrong;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    CHECK(wrong == 0);
}
