// Writes through the endpoint (SparqlStore::apply): after each change, every question is
// answered as by the Sord store holding the data the change should leave (descriptions,
// labels, backlinks, classes, search, statistics: a blank node left behind shows in the
// counts), and the graph holds exactly that data. The questions are asked once before the
// change, so that what the store keeps (statistics, hash IRIs) must follow the write.
// On Virtuoso, updates go to /sparql-auth as dba (Digest); the anonymous /sparql refuses
// them until granted. On Oxigraph, to the test server's /update (as Oxigraph's own server).
#include "sparql_factory.hpp"
#include "store_checks.hpp"

#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <stdexcept>

namespace {

using namespace seeother;
using Kind = rdf::StoreError::Kind;

const std::string base = "http://w.test/";
const std::string prefixes = "@prefix ex: <http://w.test/vocab#> .\n"
                             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

/// a: nested blank nodes, a list of blank nodes, a node shared with b (and what hangs below
/// it); b: its own blank node; a hash document of two subjects.
const std::string fixture = prefixes + R"(
<http://w.test/id/a> a ex:Thing ; rdfs:label "Alpha" ; ex:link <http://w.test/id/b> ;
    ex:nested [ ex:q [ ex:r "deep" ; ex:list ( [ ex:n 1 ] [ ex:n 2 ] "three" ) ] ] ;
    ex:shared _:shared .
<http://w.test/id/b> a ex:Thing ; rdfs:label "Beta" ; ex:link <http://w.test/id/a> ;
    ex:nested [ ex:q "b's own" ] ; ex:shared _:shared .
_:shared ex:v "shared" ; ex:below [ ex:v "below the shared node" ] .
<http://w.test/doc#one> a ex:Part ; rdfs:label "one" .
<http://w.test/doc#two> a ex:Part ; rdfs:label "two" ; ex:link <http://w.test/id/a> .
)";

/// b, the shared node and the hash document, as the fixture has them: what stays when a is
/// replaced.
const std::string fixture_without_a = prefixes + R"(
<http://w.test/id/b> a ex:Thing ; rdfs:label "Beta" ; ex:link <http://w.test/id/a> ;
    ex:nested [ ex:q "b's own" ] ;
    ex:shared [ ex:v "shared" ; ex:below [ ex:v "below the shared node" ] ] .
<http://w.test/doc#one> a ex:Part ; rdfs:label "one" .
<http://w.test/doc#two> a ex:Part ; rdfs:label "two" ; ex:link <http://w.test/id/a> .
)";

const std::vector<std::string> searches = {"alpha", "beta", "one", "two", "new", "a"};

bool virtuoso() {
    return test::shared_engine().name() == "virtuoso";
}

/// Where updates go on this engine, and as whom.
rdf::sparql::SparqlStoreOptions writable(std::vector<std::string> graphs) {
    auto options = test::sparql_options(std::move(graphs), base);
    const auto& query = options.endpoint.url;
    const auto root = query.substr(0, query.rfind('/'));
    if (virtuoso()) {
        options.update_url = root + "/sparql-auth";
        options.endpoint.user = "dba";
        options.endpoint.password = "dba";
    } else {
        options.update_url = root + "/update";
    }
    return options;
}

/// A graph of its own for each test (load_into_engine shares one per text).
std::string fresh_graph() {
    static int n = 0;
    return "urn:x-seeother-test:writes:" + std::to_string(++n);
}

std::string load(const std::string& text) {
    const auto graph = fresh_graph();
    test::shared_engine().load(text, "writes.ttl", base, graph);
    return graph;
}

/// Every triple of a graph, as the engine holds it.
rdf::Triples graph_triples(const std::string& graph) {
    rdf::sparql::Endpoint endpoint(
        {test::shared_engine().endpoint(), {}, {}, std::chrono::seconds(60), {}});
    return endpoint.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + graph +
                              "> { ?s ?p ?o } }");
}

rdf::Triples turtle(const std::string& text) {
    return rdf::sparql::parse_triples(prefixes + text, true);
}

rdf::Change change(std::vector<std::string> replaced, const std::string& added_turtle) {
    rdf::Change c;
    c.replaced = std::move(replaced);
    std::sort(c.replaced.begin(), c.replaced.end());
    c.added = turtle(added_turtle);
    c.origin = "test";
    return c;
}

/// Asks what the store keeps in memory, so that a write must bring it up to date.
void ask_everything_once(const rdf::Store& store) {
    store.stats();
    store.classes(0, 10);
    store.most_referenced(10);
    store.described({{base + "doc", true}, {base + "new", true}});
}

/// After the change, every question as the Sord store over `expected` answers it, and the
/// graphs hold exactly its triples.
void check_as(const rdf::Store& store, const std::vector<std::string>& graphs,
              const std::string& expected) {
    const auto reference = rdf::load_store_from_string(expected, "expected.ttl", base);
    test::check_descriptions(*reference, store, base);
    test::check_browsing(*reference, store, searches);
    rdf::Triples held;
    for (const auto& graph : graphs) {
        const auto triples = graph_triples(graph);
        held.insert(held.end(), triples.begin(), triples.end());
    }
    const auto want = rdf::sparql::parse_triples(expected, true);
    CHECK(test::graph_lines(held) == test::graph_lines(want));
    CHECK(held.size() == want.size()); // nothing left over, not even a copy
}

/// Loads the fixture, asks once, applies the change, and checks the outcome.
void check_change(const std::string& before, const rdf::Change& c, const std::string& after) {
    const auto graph = load(before);
    const rdf::sparql::SparqlStore store(writable({graph}));
    ask_everything_once(store);
    store.apply(c);
    check_as(store, {graph}, after);
}

} // namespace

TEST_CASE("writes: replacing a description takes its triples and whole blank-node closure, "
          "and brings the new ones",
          "[sparql][writes]") {
    check_change(fixture,
                 change({base + "id/a"},
                        R"(<http://w.test/id/a> a ex:New ; rdfs:label "Alpha, new" ;
                               ex:nested [ ex:q [ ex:r "fresh" ] ] .)"),
                 fixture_without_a + R"(
<http://w.test/id/a> a ex:New ; rdfs:label "Alpha, new" ; ex:nested [ ex:q [ ex:r "fresh" ] ] .
)");
}

TEST_CASE("writes: deleting a description leaves no blank node behind, and every question "
          "forgets it",
          "[sparql][writes]") {
    check_change(fixture, change({base + "id/a"}, ""), fixture_without_a);
}

TEST_CASE("writes: adding to a description keeps what it had, a new subject is described",
          "[sparql][writes]") {
    check_change(fixture,
                 change({},
                        R"(<http://w.test/id/b> ex:more [ ex:v "added to b" ] ; ex:tag "new tag" .
                           <http://w.test/id/c> a ex:Thing ; rdfs:label "Gamma, new" ;
                               ex:link <http://w.test/id/b> ; ex:list ( "x" [ ex:n 3 ] ) .)"),
                 fixture + R"(
<http://w.test/id/b> ex:more [ ex:v "added to b" ] ; ex:tag "new tag" .
<http://w.test/id/c> a ex:Thing ; rdfs:label "Gamma, new" ; ex:link <http://w.test/id/b> ;
    ex:list ( "x" [ ex:n 3 ] ) .
)");
}

TEST_CASE("writes: a blank node two descriptions share goes when both are replaced",
          "[sparql][writes]") {
    check_change(fixture,
                 change({base + "id/a", base + "id/b"}, R"(<http://w.test/id/b> rdfs:label "B" .)"),
                 prefixes + R"(
<http://w.test/id/b> rdfs:label "B" .
<http://w.test/doc#one> a ex:Part ; rdfs:label "one" .
<http://w.test/doc#two> a ex:Part ; rdfs:label "two" ; ex:link <http://w.test/id/a> .
)");
}

TEST_CASE("writes: a hash document's subjects replaced, added and deleted: the hash IRIs follow",
          "[sparql][writes]") {
    const auto graph = load(fixture);
    const rdf::sparql::SparqlStore store(writable({graph}));
    ask_everything_once(store);
    store.apply(change({base + "doc#one", base + "doc#two"},
                       R"(<http://w.test/doc#three> rdfs:label "three, new" .
                          <http://w.test/new#x> rdfs:label "x, new" .)"));
    CHECK(store.subjects_page(base + "doc#", 0, 10).items ==
          std::vector<std::string>{base + "doc#three"});
    CHECK(store.described({{base + "new", true}}) == std::vector<bool>{true});
    std::string after = fixture;
    after.erase(after.find("<http://w.test/doc#one>"));
    check_as(store, {graph}, after + R"(<http://w.test/doc#three> rdfs:label "three, new" .
<http://w.test/new#x> rdfs:label "x, new" .
)");
    store.apply(change({base + "doc#three", base + "new#x"}, ""));
    CHECK(store.described({{base + "doc", true}, {base + "new", true}}) ==
          std::vector<bool>{false, false});
    CHECK(store.subjects_page(base + "doc#", 0, 10).total == 0);
}

TEST_CASE("writes: literals of every kind are written exactly", "[sparql][writes]") {
    const auto graph = load(fixture);
    const rdf::sparql::SparqlStore store(writable({graph}));
    const std::string s = base + "id/caf\xC3\xA9%20literals";
    const auto lit = [](std::string value, std::string datatype = {}, std::string language = {}) {
        return rdf::Term::literal(std::move(value), std::move(datatype), std::move(language));
    };
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    const std::vector<rdf::Term> objects = {
        lit(std::string("nul\0inside", 10)),
        lit("controls \x01\x07\x1F del\x7F tab\t cr\r lf\n"),
        lit("quote \" backslash \\ and \\u0041 \\U0001F600 as text"),
        lit("caf\xC3\xA9 \xE8\x89\xB2 \xF0\x9F\x98\x80 \xE2\x80\xAE rtl"),
        lit(""),
        lit(std::string(1500, 'x')), // Virtuoso sorts (describe) no key over 1,900 bytes
        lit("chat", "", "fr-ca"),
        lit("42", xsd + "integer"),
        lit("2024-02-29", xsd + "date"),
        lit("12 parsecs", "http://w.test/unit#length"),
        lit("<b>markup</b> & more"),
    };
    rdf::Change c;
    for (std::size_t i = 0; i < objects.size(); ++i)
        c.added.push_back(
            {rdf::Term::iri(s), rdf::Term::iri(base + "p/" + std::to_string(i)), objects[i], {}});
    store.apply(c);
    const auto got = rdf::describe_all(store, s);
    REQUIRE(got.size() == objects.size());
    for (const auto& t : got) {
        const auto i = std::stoul(t.predicate.value.substr(t.predicate.value.rfind('/') + 1));
        CAPTURE(i);
        CHECK(t.object == objects.at(i));
    }
}

TEST_CASE("writes: with several graphs, additions go to the first and deletions reach every one",
          "[sparql][writes]") {
    // a's label and link in the second graph; the rest of the fixture in the first.
    const auto first = load(fixture);
    const auto second =
        load(prefixes + "<http://w.test/id/a> rdfs:label \"Alpha in two\" ; ex:link "
                        "<http://w.test/id/b> ; ex:nested [ ex:q \"in two\" ] .\n");
    const rdf::sparql::SparqlStore store(writable({first, second}));
    ask_everything_once(store);
    store.apply(change({base + "id/a"}, R"(<http://w.test/id/a> rdfs:label "Alpha, new" .)"));
    check_as(store, {first, second},
             fixture_without_a + R"(<http://w.test/id/a> rdfs:label "Alpha, new" .
)");
    CHECK(graph_triples(second).empty());
    CHECK(rdf::describe_all(store, base + "id/a").size() == 1);
}

TEST_CASE("writes: closures deeper than the first query reaches are deleted whole",
          "[sparql][writes]") {
    // 10 levels (past initial_depth on standard engines), and a list of 60 blank nodes.
    std::string text = prefixes + "<http://w.test/id/deep> ex:l ";
    for (int i = 0; i < 10; ++i)
        text += "[ ex:n " + std::to_string(i) + " ; ex:l ";
    text += "\"bottom\"";
    for (int i = 0; i < 10; ++i)
        text += " ]";
    text += " ; ex:items (";
    for (int i = 0; i < 60; ++i)
        text += " [ ex:n " + std::to_string(i) + " ; ex:m [ ex:v " + std::to_string(i) + " ] ]";
    text += " ) .\n<http://w.test/id/other> ex:v \"stays\" .\n";
    check_change(text, change({base + "id/deep"}, ""),
                 prefixes + "<http://w.test/id/other> ex:v \"stays\" .\n");
}

TEST_CASE("writes: a closure deeper than any engine query follows is refused on standard "
          "engines, before anything is written, Virtuoso deletes it",
          "[sparql][writes]") {
    std::string text = prefixes + "<http://w.test/id/deep> ex:l ";
    for (int i = 0; i < 20; ++i)
        text += "[ ex:l ";
    text += "\"bottom\"";
    for (int i = 0; i < 20; ++i)
        text += " ]";
    text += " .\n";
    const auto graph = load(text);
    const rdf::sparql::SparqlStore store(writable({graph}));
    if (virtuoso()) {
        store.apply(change({base + "id/deep"}, ""));
        CHECK(graph_triples(graph).empty());
    } else {
        try {
            store.apply(change({base + "id/deep"}, ""));
            FAIL("a closure 20 levels deep was deleted in part");
        } catch (const rdf::StoreError& e) {
            CHECK(e.kind() == Kind::BadAnswer);
            CHECK_THAT(e.detail(), Catch::Contains("deeper than 16 levels"));
        }
        CHECK(graph_triples(graph).size() == 21);
    }
}

TEST_CASE("writes: a term no SPARQL text can hold is refused before anything is written",
          "[sparql][writes]") {
    const auto graph = load(fixture);
    const rdf::sparql::SparqlStore store(writable({graph}));
    const auto before = graph_triples(graph).size();
    auto c = change({base + "id/a"}, R"(<http://w.test/id/a> rdfs:label "fine" .)");
    c.added.push_back(
        {rdf::Term::iri(base + "id/a b"), rdf::Term::iri(base + "p"), rdf::Term::literal("x"), {}});
    CHECK_THROWS_AS(store.apply(c), std::invalid_argument);
    CHECK(graph_triples(graph).size() == before);
}

TEST_CASE("writes: an import of thousands of triples, blank nodes among them, in as many "
          "requests as the engine needs",
          "[sparql][writes]") {
    const auto graph = load(fixture);
    const rdf::sparql::SparqlStore store(writable({graph}));
    ask_everything_once(store);
    const auto limits =
        virtuoso() ? rdf::sparql::UpdateLimits::virtuoso() : rdf::sparql::UpdateLimits{};
    rdf::Change c;
    const auto iri = [](const std::string& v) { return rdf::Term::iri(v); };
    for (int i = 0; i < 6000; ++i)
        c.added.push_back({iri(base + "id/i" + std::to_string(i / 3)),
                           iri(base + "vocab#v"),
                           rdf::Term::literal(std::to_string(i)),
                           {}});
    for (int i = 0; i < 800; ++i) {
        const auto b = rdf::Term::blank("w1_b" + std::to_string(i));
        c.added.push_back({iri(base + "id/i" + std::to_string(i)), iri(base + "vocab#b"), b, {}});
        c.added.push_back({b, iri(base + "vocab#v"), rdf::Term::literal("b"), {}});
    }
    // On Virtuoso, one list as large as one update takes (pins the measured limit).
    const std::size_t cells = std::min<std::size_t>(limits.largest_blank_group / 2, 1000);
    for (std::size_t i = 0; i < cells; ++i) {
        const auto cell = rdf::Term::blank("w1_c" + std::to_string(i));
        c.added.push_back(
            {i == 0 ? iri(base + "id/list") : rdf::Term::blank("w1_c" + std::to_string(i - 1)),
             iri(i == 0 ? base + "vocab#items" : std::string(rdf::vocab::rdf_rest)),
             cell,
             {}});
        c.added.push_back({cell,
                           iri(std::string(rdf::vocab::rdf_first)),
                           rdf::Term::literal(std::to_string(i)),
                           {}});
    }
    const auto started = std::chrono::steady_clock::now();
    store.apply(c);
    const auto took = std::chrono::steady_clock::now() - started;
    INFO("the import took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                            << " ms");
    const auto base_count = rdf::sparql::parse_triples(fixture, true).size();
    CHECK(graph_triples(graph).size() == base_count + c.added.size());
    CHECK(store.stats().triples == base_count + c.added.size());
    CHECK(rdf::describe_all(store, base + "id/i7").size() == 3 + 2);
}

TEST_CASE("writes: on Virtuoso, a change is all or nothing, however many requests it takes",
          "[sparql][virtuoso]") {
    // Virtuoso commits each operation of a request apart, and 12,000 added triples take two
    // requests at its limits. The last triple is an integer Virtuoso cannot hold (SR341): it
    // refuses it as it writes it, after everything before it was sent. Written straight into
    // the graph, a description replaced and the first 10,000 triples stayed.
    const auto graph = load(fixture);
    const rdf::sparql::SparqlStore store(writable({graph}));
    ask_everything_once(store);
    const auto before = graph_triples(graph);
    const auto iri = [](const std::string& v) { return rdf::Term::iri(v); };
    auto c = change({base + "id/a"}, R"(<http://w.test/id/a> rdfs:label "replaced" .)");
    for (int i = 0; i < 12000; ++i)
        c.added.push_back({iri(base + "id/i" + std::to_string(i / 3)),
                           iri(base + "vocab#v"),
                           rdf::Term::literal(std::to_string(i)),
                           {}});
    c.added.push_back(
        {iri(base + "id/last"),
         iri(base + "vocab#v"),
         rdf::Term::literal(std::string(29, '9'), std::string(rdf::vocab::xsd_integer)),
         {}});
    CHECK_THROWS_AS(store.apply(c), rdf::StoreError);
    CHECK(test::graph_lines(graph_triples(graph)) == test::graph_lines(before));
    CHECK(rdf::describe_all(store, base + "id/a").size() > 1);
    const auto staged = [] {
        std::size_t n = 0;
        for (const auto& g : test::shared_engine().graphs())
            n += g.rfind("urn:x-seeother:staged:", 0) == 0;
        return n;
    };
    CHECK(staged() == 0);

    // The same change without the integer: all of it.
    c.added.pop_back();
    store.apply(c);
    const auto kept = rdf::sparql::parse_triples(fixture_without_a, true).size();
    CHECK(graph_triples(graph).size() == kept + 1 + 12000);
    CHECK(rdf::describe_all(store, base + "id/a").size() == 1);
    CHECK(store.stats().triples == kept + 1 + 12000);
    CHECK(staged() == 0);
}

TEST_CASE("writes: without --sparql-graph, a standard engine's default graph",
          "[sparql][oxigraph]") {
    auto options = writable({});
    const rdf::sparql::SparqlStore store(options);
    const std::string s = base + "id/in-the-default-graph";
    store.apply(change({}, "<" + s + R"(> rdfs:label "default" ; ex:b [ ex:v 1 ] .)"));
    CHECK(rdf::describe_all(store, s).size() == 3);
    store.apply(change({s}, ""));
    CHECK_FALSE(rdf::describes(store, s));
    rdf::sparql::Endpoint endpoint({options.endpoint.url, {}, {}, std::chrono::seconds(60), {}});
    CHECK(endpoint.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER(isBlank(?s)) }")
              .empty());
}

TEST_CASE("writes: Virtuoso takes no write without --sparql-graph (it has no default graph to "
          "write to)",
          "[sparql][virtuoso]") {
    const rdf::sparql::SparqlStore store(writable({}));
    try {
        store.apply(change({}, R"(<http://w.test/id/x> rdfs:label "x" .)"));
        FAIL("written without a graph");
    } catch (const rdf::StoreError& e) {
        CHECK(e.kind() == Kind::BadAnswer);
        CHECK_THAT(e.detail(), Catch::Contains("--sparql-graph"));
    }
}

TEST_CASE("writes: Virtuoso's anonymous endpoint refuses updates, clearly, until granted",
          "[sparql][virtuoso]") {
    auto& engine = dynamic_cast<test::VirtuosoEngine&>(test::shared_engine());
    const auto graph = load(fixture);
    auto options = test::sparql_options({graph}, base); // /sparql for both, no credentials
    const rdf::sparql::SparqlStore store(options);
    const auto c = change({base + "id/a"}, R"(<http://w.test/id/a> rdfs:label "granted" .)");
    try {
        store.apply(c);
        FAIL("an anonymous update went through");
    } catch (const rdf::StoreError& e) {
        CHECK(e.kind() == Kind::BadAnswer);
        CHECK_THAT(e.detail(), Catch::Contains("refused the update"));
        CHECK_THAT(e.detail(), Catch::Contains("GRANT SPARQL_UPDATE"));
        CHECK_THAT(e.detail(), Catch::Contains("--sparql-auth"));
        CHECK_THAT(e.detail(), !Catch::Contains("127.0.0.1"));
    }
    engine.isql("GRANT SPARQL_UPDATE TO \"SPARQL\";");
    try {
        store.apply(c);
    } catch (...) {
        engine.isql("REVOKE SPARQL_UPDATE FROM \"SPARQL\";");
        throw;
    }
    engine.isql("REVOKE SPARQL_UPDATE FROM \"SPARQL\";");
    CHECK(test::term_lines(store.labels({base + "id/a"}).front()) ==
          std::vector<std::string>{"\"granted\"^^@"});
}

namespace {

test::OxigraphEngine& oxigraph() {
    return dynamic_cast<test::OxigraphEngine&>(test::shared_engine());
}

/// A store that reads from the engine and writes to `update_path` of the test server.
rdf::sparql::SparqlStore writing_to(const std::string& update_path,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto options = test::sparql_options({load(fixture)}, base);
    options.update_url =
        update_path.rfind("http", 0) == 0 ? update_path : oxigraph().base_url() + update_path;
    options.endpoint.timeout = timeout;
    return rdf::sparql::SparqlStore(options);
}

void check_update_fails(const rdf::sparql::SparqlStore& store, Kind kind,
                        const std::string& detail) {
    try {
        store.apply(change({base + "id/a"}, R"(<http://w.test/id/a> rdfs:label "x" .)"));
        FAIL("the update went through");
    } catch (const rdf::StoreError& e) {
        CAPTURE(e.what(), e.detail());
        CHECK(e.kind() == kind);
        CHECK_THAT(e.detail(), Catch::Contains(detail));
        CHECK_THAT(e.detail(), !Catch::Contains("127.0.0.1")); // the log's, not a client's
        CHECK_THAT(e.detail(), !Catch::Contains("failing on purpose"));
    }
}

} // namespace

TEST_CASE("writes: a failed update is a StoreError of its kind, as a failed query",
          "[sparql][faults]") {
    check_update_fails(writing_to("/status/500/update"), Kind::BadAnswer, "answered HTTP 500");
    check_update_fails(writing_to("/status/503/update"), Kind::Unavailable, "answered HTTP 503");
    check_update_fails(writing_to("/status/429/update"), Kind::Unavailable, "answered HTTP 429");
    check_update_fails(writing_to("/status/403/update"), Kind::BadAnswer, "refused the update");
    check_update_fails(writing_to("/status/401/update"), Kind::BadAnswer, "refused the update");
    // Six times the query timeout.
    check_update_fails(writing_to("/delay/30000/update", std::chrono::milliseconds(250)),
                       Kind::Timeout, "may still be applied");
    check_update_fails(
        writing_to("http://127.0.0.1:" + std::to_string(test::free_port()) + "/update"),
        Kind::Unavailable, "cannot be reached");
}

TEST_CASE("writes: updates with HTTP Basic auth from --sparql-auth", "[sparql][faults]") {
    auto options = test::sparql_options({load(fixture)}, base);
    options.update_url = oxigraph().base_url() + "/basic/writer:pass/update";
    check_update_fails(rdf::sparql::SparqlStore(options), Kind::BadAnswer, "refused the update");
    options.endpoint.user = "writer";
    options.endpoint.password = "pass";
    const rdf::sparql::SparqlStore store(options);
    store.apply(change({base + "id/a"}, R"(<http://w.test/id/a> rdfs:label "authorised" .)"));
    CHECK(rdf::describe_all(store, base + "id/a").size() == 1);
}
