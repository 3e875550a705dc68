// serialize(): Turtle and N-Triples read back (by serd here, and by rapper) as the graph that
// was written, byte for byte the same for the same graph, and Turtle reads well.
#include "rdf/serialize.hpp"

#include <catch2/catch.hpp>

// serd's pkg-config include directory is private to seeother_rdf.
#if __has_include(<serd/serd.h>)
#include <serd/serd.h>
#else
#include <serd-0/serd/serd.h>
#endif

#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace rdf = seeother::rdf;
using rdf::Format;
using rdf::Term;
using rdf::Triple;
using rdf::Triples;

namespace {

const std::string rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const std::string xsd_ns = "http://www.w3.org/2001/XMLSchema#";
const std::string ex = "http://example.org/";

const rdf::Prefixes prefixes{
    {"rdf", rdf_ns},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", xsd_ns},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"dc", "http://purl.org/dc/terms/"}, // never used by the fixtures
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"ex", ex},
    {"v", "http://example.org/vocab#"},
};

// ---- Reading RDF back with serd ----------------------------------------------------------------

struct Reading {
    std::unique_ptr<SerdEnv, void (*)(SerdEnv*)> env{serd_env_new(nullptr), serd_env_free};
    Triples triples;
    std::string errors;
};

std::string text(const SerdNode& node) {
    return std::string(reinterpret_cast<const char*>(node.buf), node.n_bytes);
}

std::string expand(const Reading& reading, const SerdNode* node) {
    SerdNode full = serd_env_expand_node(reading.env.get(), node);
    std::string out = text(full);
    serd_node_free(&full);
    return out;
}

Term to_term(const Reading& reading, const SerdNode* node, const SerdNode* datatype,
             const SerdNode* lang) {
    switch (node->type) {
    case SERD_BLANK:
        return Term::blank(text(*node));
    case SERD_LITERAL:
        return Term::literal(text(*node), datatype ? expand(reading, datatype) : "",
                             lang ? text(*lang) : "");
    default:
        return Term::iri(expand(reading, node));
    }
}

/// The triples of `document` in `syntax`, as serd reads them; errors land in `errors`.
Triples read_rdf(const std::string& document, SerdSyntax syntax, std::string& errors) {
    Reading reading;
    const auto on_prefix = [](void* handle, const SerdNode* name, const SerdNode* uri) {
        return serd_env_set_prefix(static_cast<Reading*>(handle)->env.get(), name, uri);
    };
    const auto on_statement = [](void* handle, SerdStatementFlags, const SerdNode*,
                                 const SerdNode* s, const SerdNode* p, const SerdNode* o,
                                 const SerdNode* datatype, const SerdNode* lang) {
        auto& r = *static_cast<Reading*>(handle);
        r.triples.push_back({to_term(r, s, nullptr, nullptr),
                             to_term(r, p, nullptr, nullptr),
                             to_term(r, o, datatype, lang),
                             {}});
        return SERD_SUCCESS;
    };
    const auto on_error = [](void* handle, const SerdError* error) {
        char message[512];
        va_list args;
        va_copy(args, *error->args);
        std::vsnprintf(message, sizeof message, error->fmt, args);
        va_end(args);
        *static_cast<std::string*>(handle) +=
            std::to_string(error->line) + ":" + std::to_string(error->col) + ": " + message;
        return SERD_SUCCESS;
    };
    std::unique_ptr<SerdReader, void (*)(SerdReader*)> reader(
        serd_reader_new(syntax, &reading, nullptr, nullptr, on_prefix, on_statement, nullptr),
        serd_reader_free);
    serd_reader_set_error_sink(reader.get(), on_error, &errors);
    const SerdStatus status =
        serd_reader_read_string(reader.get(), reinterpret_cast<const uint8_t*>(document.c_str()));
    if (status != SERD_SUCCESS && errors.empty())
        errors = "serd status " + std::to_string(status);
    return reading.triples;
}

Triples read_back(const std::string& document, Format format) {
    std::string errors;
    Triples triples =
        read_rdf(document, format == Format::Turtle ? SERD_TURTLE : SERD_NTRIPLES, errors);
    INFO(document);
    INFO(errors);
    CHECK(errors.empty());
    return triples;
}

Triples fixture(const std::string& name) {
    std::ifstream in(std::string(SEEOTHER_TEST_DATA) + "/" + name, std::ios::binary);
    REQUIRE(in);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string errors;
    Triples triples = read_rdf(buffer.str(), SERD_NTRIPLES, errors);
    INFO(name);
    REQUIRE(errors.empty());
    return triples;
}

// ---- Comparing graphs up to blank node names ---------------------------------------------------
// Colour refinement gives each blank node a colour from its neighbourhood alone; where that
// leaves ties (symmetric structures), each member of the first tied class is singled out in turn
// and the smallest result kept. Exact, and fast enough for fixtures of a few dozen blank nodes.

/// N-Triples-like text for a term; literals escaped so that every triple stays on one line.
std::string show(const Term& t) {
    switch (t.kind) {
    case Term::Kind::Iri:
        return "<" + t.value + ">";
    case Term::Kind::Blank:
        return "_:" + t.value;
    case Term::Kind::Literal:
        break;
    }
    std::string escaped;
    for (const char c : t.value) {
        switch (c) {
        case '\n':
            escaped += "\\n";
            break;
        case '\r':
            escaped += "\\r";
            break;
        case '"':
        case '\\':
            escaped += '\\';
            escaped += c;
            break;
        default:
            escaped += c;
        }
    }
    return "\"" + escaped + "\"" + (t.language.empty() ? "" : "@" + t.language) +
           (t.datatype.empty() ? "" : "^^<" + t.datatype + ">");
}

using Colours = std::map<Term, std::size_t>;

Colours refine(const Triples& graph, Colours colours) {
    for (;;) {
        const auto shade = [&](const Term& t) {
            return t.is_blank() ? "_" + std::to_string(colours.at(t)) : show(t);
        };
        std::map<Term, std::vector<std::string>> signature;
        for (const auto& [blank, colour] : colours)
            signature[blank].push_back(std::to_string(colour));
        for (const auto& t : graph) {
            if (t.subject.is_blank())
                signature[t.subject].push_back("s " + show(t.predicate) + " " + shade(t.object));
            if (t.object.is_blank())
                signature[t.object].push_back("o " + shade(t.subject) + " " + show(t.predicate));
        }
        std::set<std::vector<std::string>> distinct;
        for (auto& [blank, sig] : signature) {
            std::sort(sig.begin() + 1, sig.end());
            distinct.insert(sig);
        }
        Colours next;
        for (const auto& [blank, sig] : signature)
            next[blank] =
                static_cast<std::size_t>(std::distance(distinct.begin(), distinct.find(sig)));
        const auto classes = [](const Colours& c) {
            std::set<std::size_t> s;
            for (const auto& [blank, colour] : c)
                s.insert(colour);
            return s.size();
        };
        if (classes(next) == classes(colours))
            return next;
        colours = std::move(next);
    }
}

std::vector<std::string> canonical_lines(const Triples& graph, Colours colours) {
    colours = refine(graph, std::move(colours));
    std::map<std::size_t, std::vector<Term>> classes;
    for (const auto& [blank, colour] : colours)
        classes[colour].push_back(blank);
    for (const auto& [colour, members] : classes) {
        if (members.size() < 2)
            continue;
        std::vector<std::string> best;
        for (const auto& member : members) {
            Colours singled = colours;
            singled[member] = colours.size(); // a colour no other node has
            auto candidate = canonical_lines(graph, singled);
            if (best.empty() || candidate < best)
                best = std::move(candidate);
        }
        return best;
    }
    const auto name = [&](const Term& t) {
        return t.is_blank() ? Term::blank("c" + std::to_string(colours.at(t))) : t;
    };
    std::vector<std::string> lines;
    for (const auto& t : graph)
        lines.push_back(show(name(t.subject)) + " " + show(t.predicate) + " " +
                        show(name(t.object)) + " .");
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return lines;
}

std::vector<std::string> canonical_lines(Triples triples) {
    for (auto& t : triples)
        t.graph.clear();
    std::sort(triples.begin(), triples.end());
    triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
    Colours colours;
    for (const auto& t : triples) {
        if (t.subject.is_blank())
            colours[t.subject] = 0;
        if (t.object.is_blank())
            colours[t.object] = 0;
    }
    return canonical_lines(triples, colours);
}

/// The graph as sorted N-Triples-like lines with canonical blank node names: equal strings mean
/// isomorphic graphs (graph names ignored).
std::string canonical(const Triples& triples) {
    std::string out;
    for (const auto& line : canonical_lines(triples))
        out += line + "\n";
    return out;
}

std::size_t distinct_triples(const Triples& triples) {
    return canonical_lines(triples).size();
}

// ---- rapper ---------------------------------------------------------------------------------

struct RapperResult {
    int status = -1;
    std::string output;
};

/// Runs `rapper -i <syntax> -c` on `document`. FAILs when rapper is not installed: a check that
/// silently does not run is worse than none.
RapperResult rapper_count(const std::string& document, const std::string& syntax) {
    if (std::system("command -v rapper > /dev/null 2>&1") != 0)
        FAIL("rapper is not on PATH: install raptor2-utils (apt-get install raptor2-utils) to "
             "check the output with a second RDF parser");
    static int counter = 0;
    const auto path = std::filesystem::temp_directory_path() /
                      ("seeother_test_serialize_" + std::to_string(::getpid()) + "_" +
                       std::to_string(++counter) + (syntax == "turtle" ? ".ttl" : ".nt"));
    {
        std::ofstream out(path, std::ios::binary);
        out << document;
    }
    RapperResult result;
    const std::string command = "rapper -i " + syntax + " -c '" + path.string() + "' 2>&1";
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
            result.output.append(buffer, n);
        result.status = ::pclose(pipe);
    }
    std::filesystem::remove(path);
    return result;
}

/// rapper parses `document` without an error or warning and counts `expected` triples.
void check_with_rapper(const std::string& document, const std::string& syntax,
                       std::size_t expected) {
    const RapperResult r = rapper_count(document, syntax);
    INFO(document);
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("Error") == std::string::npos);
    CHECK(r.output.find("Warning") == std::string::npos);
    CHECK(r.output.find("returned " + std::to_string(expected) + " triple") != std::string::npos);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("Turtle output reads back as the same graph", "[serialize]") {
    for (const char* name : {"ser_tricky.nt", "ser_awkward.nt"}) {
        CAPTURE(name);
        const Triples input = fixture(name);
        const std::string turtle = rdf::serialize(input, Format::Turtle, prefixes);
        INFO(turtle);
        CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(input));
    }
}

TEST_CASE("N-Triples output reads back as the same graph", "[serialize]") {
    for (const char* name : {"ser_tricky.nt", "ser_awkward.nt"}) {
        CAPTURE(name);
        const Triples input = fixture(name);
        const std::string ntriples = rdf::serialize(input, Format::NTriples, prefixes);
        INFO(ntriples);
        CHECK(canonical(read_back(ntriples, Format::NTriples)) == canonical(input));
    }
}

TEST_CASE("rapper reads every triple of the Turtle and N-Triples output", "[serialize]") {
    for (const char* name : {"ser_tricky.nt", "ser_awkward.nt"}) {
        CAPTURE(name);
        const Triples input = fixture(name);
        const std::size_t expected = distinct_triples(input);
        check_with_rapper(rdf::serialize(input, Format::Turtle, prefixes), "turtle", expected);
        check_with_rapper(rdf::serialize(input, Format::NTriples, prefixes), "ntriples", expected);
    }
}

TEST_CASE("The same triples in any order give byte-identical output", "[serialize]") {
    const Triples input = fixture("ser_tricky.nt");
    const std::string turtle = rdf::serialize(input, Format::Turtle, prefixes);
    const std::string ntriples = rdf::serialize(input, Format::NTriples, prefixes);
    std::mt19937 shuffler(20240229u); // fixed seed: the same shuffles on every run
    for (int round = 0; round < 10; ++round) {
        Triples shuffled = input;
        std::shuffle(shuffled.begin(), shuffled.end(), shuffler);
        rdf::Prefixes reordered = prefixes;
        std::shuffle(reordered.begin(), reordered.end(), shuffler);
        CHECK(rdf::serialize(shuffled, Format::Turtle, reordered) == turtle);
        CHECK(rdf::serialize(shuffled, Format::NTriples, reordered) == ntriples);
    }
}

TEST_CASE("Turtle declares only the prefixes it uses", "[serialize]") {
    const Triples input{
        {Term::iri(ex + "alice"),
         Term::iri(rdf_ns + "type"),
         Term::iri("http://xmlns.com/foaf/0.1/Person"),
         {}},
        {Term::iri(ex + "alice"),
         Term::iri("http://xmlns.com/foaf/0.1/name"),
         Term::literal("Alice"),
         {}},
        {Term::iri(ex + "alice"),
         Term::iri("http://xmlns.com/foaf/0.1/age"),
         Term::literal("42", xsd_ns + "integer"),
         {}},
    };
    const std::string turtle = rdf::serialize(input, Format::Turtle, prefixes);
    INFO(turtle);
    CHECK(turtle.rfind("@prefix ex: <http://example.org/> .\n"
                       "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n\n",
                       0) == 0);
    // rdf:type is `a` and 42 is bare, so neither rdf: nor xsd: is needed.
    CHECK(std::count(turtle.begin(), turtle.end(), '@') == 2);
    CHECK(contains(turtle, "ex:alice\n\ta foaf:Person ;\n"));
    CHECK(contains(turtle, "foaf:age 42 ;"));
}

TEST_CASE("Turtle nests a tree of blank nodes and writes a list as ( … )", "[serialize]") {
    const Term alice = Term::iri(ex + "alice");
    const Triples input{
        {alice, Term::iri(ex + "address"), Term::blank("a"), {}},
        {Term::blank("a"), Term::iri(ex + "city"), Term::literal("Zürich"), {}},
        {Term::blank("a"), Term::iri(ex + "geo"), Term::blank("g"), {}},
        {Term::blank("g"), Term::iri(ex + "lat"), Term::literal("47.37", xsd_ns + "decimal"), {}},
        {alice, Term::iri(ex + "pets"), Term::blank("l1"), {}},
        {Term::blank("l1"), Term::iri(rdf_ns + "first"), Term::literal("Rex"), {}},
        {Term::blank("l1"), Term::iri(rdf_ns + "rest"), Term::blank("l2"), {}},
        {Term::blank("l2"), Term::iri(rdf_ns + "first"), Term::literal("Tom"), {}},
        {Term::blank("l2"), Term::iri(rdf_ns + "rest"), Term::iri(rdf_ns + "nil"), {}},
    };
    const std::string turtle = rdf::serialize(input, Format::Turtle, prefixes);
    INFO(turtle);
    CHECK(turtle == "@prefix ex: <http://example.org/> .\n"
                    "\n"
                    "ex:alice\n"
                    "\tex:address [\n"
                    "\t\tex:city \"Zürich\" ;\n"
                    "\t\tex:geo [\n"
                    "\t\t\tex:lat 47.37\n"
                    "\t\t]\n"
                    "\t] ;\n"
                    "\tex:pets (\n"
                    "\t\t\"Rex\"\n"
                    "\t\t\"Tom\"\n"
                    "\t) .\n");
    CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(input));
}

TEST_CASE("Turtle labels blank nodes that are shared or on a cycle", "[serialize]") {
    const Triples input{
        {Term::iri(ex + "a"), Term::iri(ex + "knows"), Term::blank("shared"), {}},
        {Term::iri(ex + "b"), Term::iri(ex + "knows"), Term::blank("shared"), {}},
        {Term::blank("x"), Term::iri(ex + "next"), Term::blank("y"), {}},
        {Term::blank("y"), Term::iri(ex + "next"), Term::blank("x"), {}},
    };
    const std::string turtle = rdf::serialize(input, Format::Turtle, prefixes);
    INFO(turtle);
    CHECK(contains(turtle, "ex:a\n\tex:knows _:b1 .\n"));
    CHECK(contains(turtle, "ex:b\n\tex:knows _:b1 .\n"));
    CHECK(contains(turtle, "_:b2\n\tex:next _:b3 .\n"));
    CHECK(contains(turtle, "_:b3\n\tex:next _:b2 .\n"));
    CHECK_FALSE(contains(turtle, "["));
    CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(input));
}

TEST_CASE("Numbers and booleans are written bare only when they read back the same",
          "[serialize]") {
    const Term s = Term::iri(ex + "s");
    const Term p = Term::iri(ex + "p");
    const Triples input{
        {s, p, Term::literal("42", xsd_ns + "integer"), {}},
        {s, p, Term::literal("-0.5", xsd_ns + "decimal"), {}},
        {s, p, Term::literal("false", xsd_ns + "boolean"), {}},
        {s, p, Term::literal("forty-two", xsd_ns + "integer"), {}},
        {s, p, Term::literal("1", xsd_ns + "boolean"), {}},
        {s, p, Term::literal("1e3", xsd_ns + "decimal"), {}},
    };
    // No xsd: in the caller's prefixes: the writer declares one when it needs it.
    const std::string turtle = rdf::serialize(input, Format::Turtle, {{"ex", ex}});
    INFO(turtle);
    CHECK(contains(turtle, "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"));
    CHECK(contains(turtle, "\tex:p -0.5 ,\n"));
    CHECK(contains(turtle, "\t\t42 ,\n"));
    CHECK(contains(turtle, "\t\tfalse ,\n"));
    CHECK(contains(turtle, "\"forty-two\"^^xsd:integer"));
    CHECK(contains(turtle, "\"1\"^^xsd:boolean"));
    CHECK(contains(turtle, "\"1e3\"^^xsd:decimal"));
    CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(input));
}

TEST_CASE("A prefix is used only where the local name is a plain prefixed name", "[serialize]") {
    const Term s = Term::iri(ex + "s");
    const Term p = Term::iri(ex + "p");
    const Triples input{
        {s, p, Term::iri(ex + "a~b"), {}},  {s, p, Term::iri(ex + "ends."), {}},
        {s, p, Term::iri(ex + "a.b"), {}},  {s, p, Term::iri(ex + "a%20b"), {}},
        {s, p, Term::iri(ex + "café"), {}}, {s, p, Term::iri(ex + "x/y"), {}},
    };
    const rdf::Prefixes bad_ones{{"ex", ex}, {"1bad", ex + "x/"}, {"rel", "relative/"}};
    const std::string turtle = rdf::serialize(input, Format::Turtle, bad_ones);
    INFO(turtle);
    CHECK(contains(turtle, "<http://example.org/a~b>"));
    CHECK(contains(turtle, "<http://example.org/ends.>"));
    CHECK(contains(turtle, "ex:a.b"));
    CHECK(contains(turtle, "<http://example.org/a%20b>"));
    CHECK(contains(turtle, "ex:café"));
    CHECK(contains(turtle, "<http://example.org/x/y>"));
    CHECK_FALSE(contains(turtle, "1bad"));
    CHECK_FALSE(contains(turtle, "rel:"));
    CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(input));
}

TEST_CASE("The longest matching namespace gives the prefixed name", "[serialize]") {
    const Triples input{
        {Term::iri(ex + "s"), Term::iri(ex + "vocab/p"), Term::iri(ex + "o"), {}},
    };
    const std::string turtle =
        rdf::serialize(input, Format::Turtle, {{"ex", ex}, {"voc", ex + "vocab/"}});
    INFO(turtle);
    CHECK(contains(turtle, "ex:s\n\tvoc:p ex:o .\n"));
}

TEST_CASE("IRIs with characters no IRI may hold are written percent-encoded", "[serialize]") {
    const Triples input{
        {Term::iri(ex + "a b<c>"), Term::iri(ex + "p"), Term::iri(ex + "tab\there"), {}},
    };
    for (const Format format : {Format::Turtle, Format::NTriples}) {
        const std::string out = rdf::serialize(input, format, {});
        INFO(out);
        CHECK(contains(out, "<http://example.org/a%20b%3Cc%3E>"));
        CHECK(contains(out, "<http://example.org/tab%09here>"));
        check_with_rapper(out, format == Format::Turtle ? "turtle" : "ntriples", 1);
    }
}

TEST_CASE("N-Triples has one triple per line and keeps UTF-8 as it is", "[serialize]") {
    const Triples input = fixture("ser_tricky.nt");
    const std::string ntriples = rdf::serialize(input, Format::NTriples, prefixes);
    INFO(ntriples);
    CHECK(static_cast<std::size_t>(std::count(ntriples.begin(), ntriples.end(), '\n')) ==
          distinct_triples(input));
    CHECK(contains(ntriples, "<http://example.org/id/café> "));
    CHECK(contains(ntriples, "\"Café ☕ Zürich — 東京\""));
    CHECK(contains(ntriples,
                   "\"quote \\\" backslash \\\\ newline \\n cr \\r tab \\t <&> control \\u0001 "
                   "end\" .\n"));
    CHECK_FALSE(contains(ntriples, "@prefix"));
    CHECK(ntriples.back() == '\n');
}

TEST_CASE("Triples in several named graphs are written once", "[serialize]") {
    const Triple t{Term::iri(ex + "s"), Term::iri(ex + "p"), Term::literal("o"), ex + "g1"};
    Triple u = t;
    u.graph = ex + "g2";
    const std::string ntriples = rdf::serialize({t, u, t}, Format::NTriples, {});
    CHECK(ntriples == "<http://example.org/s> <http://example.org/p> \"o\" .\n");
}

TEST_CASE("No triples give an empty document", "[serialize]") {
    CHECK(rdf::serialize({}, Format::Turtle, prefixes).empty());
    CHECK(rdf::serialize({}, Format::NTriples, prefixes).empty());
}

TEST_CASE("Generated graphs of blank nodes and lists read back the same", "[serialize]") {
    // Small random graphs over few nodes, so that nesting, lists, sharing and cycles all occur
    // and combine. Fixed seed: the same graphs on every run.
    std::mt19937 random(7u);
    const auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    const std::vector<Term> predicates{Term::iri(ex + "p"), Term::iri(ex + "q"),
                                       Term::iri(rdf_ns + "first"), Term::iri(rdf_ns + "rest"),
                                       Term::iri(rdf_ns + "type")};
    const std::vector<Term> leaves{Term::iri(ex + "o"), Term::iri(rdf_ns + "nil"),
                                   Term::literal("x"), Term::literal("1", xsd_ns + "integer")};
    std::string turtle_documents;
    for (int round = 0; round < 300; ++round) {
        Triples graph;
        const auto blank = [&] { return Term::blank("n" + std::to_string(pick(7))); };
        const std::size_t size = 1 + pick(10);
        for (std::size_t i = 0; i < size; ++i) {
            const Term subject = pick(3) == 0 ? Term::iri(ex + "s") : blank();
            const Term object = pick(2) == 0 ? blank() : leaves[pick(leaves.size())];
            graph.push_back({subject, predicates[pick(predicates.size())], object, {}});
        }
        // And a well-formed list hanging off something, often enough to nest lists.
        if (pick(2) == 0) {
            const std::size_t length = 1 + pick(3);
            graph.push_back({pick(2) == 0 ? Term::iri(ex + "s") : blank(),
                             Term::iri(ex + "list"),
                             Term::blank("list0"),
                             {}});
            for (std::size_t i = 0; i < length; ++i) {
                const Term cell = Term::blank("list" + std::to_string(i));
                graph.push_back({cell,
                                 Term::iri(rdf_ns + "first"),
                                 pick(2) == 0 ? blank() : leaves[pick(leaves.size())],
                                 {}});
                graph.push_back({cell,
                                 Term::iri(rdf_ns + "rest"),
                                 i + 1 == length ? Term::iri(rdf_ns + "nil")
                                                 : Term::blank("list" + std::to_string(i + 1)),
                                 {}});
            }
        }
        const std::string turtle = rdf::serialize(graph, Format::Turtle, prefixes);
        const std::string ntriples = rdf::serialize(graph, Format::NTriples, prefixes);
        CAPTURE(round);
        INFO(turtle);
        CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(graph));
        CHECK(canonical(read_back(ntriples, Format::NTriples)) == canonical(graph));
        if (round % 3 == 0) // rapper takes a few milliseconds a run
            check_with_rapper(turtle, "turtle", distinct_triples(graph));
    }
}
