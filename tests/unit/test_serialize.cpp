// serialize(): Turtle, N-Triples, N-Quads and TriG read back (by serd here, and by rapper) as
// the graph or dataset that was written, byte for byte the same for the same input, and Turtle
// and TriG read well. RDF/XML and JSON-LD have their own files; the interop check (tests/interop)
// has every format read by rdflib, rapper and jsonld.js.
#include "rdf/serialize.hpp"

#include "rdf_checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace rdf = seeother::rdf;
using namespace seeother::test;

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

TEST_CASE("rapper reads every triple of the Turtle and N-Triples output", "[serialize][rapper]") {
    if (!rapper_installed())
        return;
    for (const char* name : {"ser_tricky.nt", "ser_awkward.nt"}) {
        CAPTURE(name);
        const Triples input = fixture(name);
        const std::size_t expected = distinct_triples(input);
        check_with_rapper(rdf::serialize(input, Format::Turtle, prefixes), "turtle", expected);
        check_with_rapper(rdf::serialize(input, Format::NTriples, prefixes), "ntriples", expected);
    }
}

TEST_CASE("The same triples in any order give byte-identical output", "[serialize]") {
    Triples input = fixture("ser_tricky.nt");
    for (std::size_t i = 0; i < input.size(); i += 3) // some in named graphs, for the quads
        input[i].graph = ex + (i % 2 ? "g1" : "g2");
    for (const auto& row : rdf::formats()) {
        if (!row.is_rdf)
            continue;
        CAPTURE(row.name);
        const std::string expected = rdf::serialize(input, row.format, prefixes);
        std::mt19937 shuffler(20240229u); // fixed seed: the same shuffles on every run
        for (int round = 0; round < 10; ++round) {
            Triples shuffled = input;
            std::shuffle(shuffled.begin(), shuffled.end(), shuffler);
            rdf::Prefixes reordered = prefixes;
            std::shuffle(reordered.begin(), reordered.end(), shuffler);
            CHECK(rdf::serialize(shuffled, row.format, reordered) == expected);
        }
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
                   "\"quote \\\" backslash \\u005C newline \\n cr \\r tab \\t <&> control \\u0001 "
                   "end\" .\n"));
    CHECK_FALSE(contains(ntriples, "@prefix"));
    CHECK(ntriples.back() == '\n');
}

TEST_CASE("Every format writes 0x7F in an IRI as serd did, a \\u escape", "[serialize]") {
    // serdi 0.30.16 writes <http://example.org/a\u007Fb> in N-Triples and in Turtle: IRIREF
    // allows the octet raw, and serd escapes everything outside 0x20-0x7E that is not UTF-8.
    const Triples input{{Term::iri(ex + "a\x7f"
                                        "b"),
                         Term::iri(ex + "p"), Term::literal("x\x7f"), ex + "g"}};
    const std::string line = "<http://example.org/a\\u007Fb> <http://example.org/p> \"x\\u007F\"";
    CHECK(rdf::serialize(input, Format::NTriples, prefixes) == line + " .\n");
    CHECK(rdf::serialize(input, Format::NQuads, prefixes) == line + " <http://example.org/g> .\n");
    CHECK(contains(rdf::serialize(input, Format::Turtle, rdf::Prefixes{}),
                   "<http://example.org/a\\u007Fb>\n\t<http://example.org/p> \"x\\u007F\" .\n"));
}

TEST_CASE("The triple formats write a triple in several named graphs once", "[serialize]") {
    const Triple t{Term::iri(ex + "s"), Term::iri(ex + "p"), Term::literal("o"), ex + "g1"};
    Triple u = t;
    u.graph = ex + "g2";
    const std::string ntriples = rdf::serialize({t, u, t}, Format::NTriples, rdf::Prefixes{});
    CHECK(ntriples == "<http://example.org/s> <http://example.org/p> \"o\" .\n");
    CHECK(rdf::serialize({t, u}, Format::Turtle, prefixes) ==
          rdf::serialize({t}, Format::Turtle, prefixes));
    CHECK(rdf::serialize({t, u}, Format::RdfXml, prefixes) ==
          rdf::serialize({t}, Format::RdfXml, prefixes));
    CHECK(rdf::serialize({t, u}, Format::JsonLd, prefixes) ==
          rdf::serialize({t}, Format::JsonLd, prefixes));
}

TEST_CASE("No triples give an empty document, or the least that is well-formed", "[serialize]") {
    CHECK(rdf::serialize({}, Format::Turtle, prefixes).empty());
    CHECK(rdf::serialize({}, Format::NTriples, prefixes).empty());
    CHECK(rdf::serialize({}, Format::NQuads, prefixes).empty());
    CHECK(rdf::serialize({}, Format::TriG, prefixes).empty());
    CHECK(rdf::serialize({}, Format::RdfXml, prefixes) ==
          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<rdf:RDF\n\txmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
          "</rdf:RDF>\n");
    CHECK(rdf::serialize({}, Format::JsonLd, prefixes) == "{}\n");
}

namespace {

struct Generated {
    Triples graph;
    Triples quads; ///< the same triples spread over graphs: a blank node may be in several
};

/// Small random graphs over few nodes, so that nesting, lists, sharing and cycles all occur
/// and combine. Fixed seed: the same graphs on every run.
std::vector<Generated> generated_graphs() {
    std::mt19937 random(7u);
    const auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    const std::vector<Term> predicates{Term::iri(ex + "p"), Term::iri(ex + "q"),
                                       Term::iri(rdf_ns + "first"), Term::iri(rdf_ns + "rest"),
                                       Term::iri(rdf_ns + "type")};
    const std::vector<Term> leaves{Term::iri(ex + "o"), Term::iri(rdf_ns + "nil"),
                                   Term::literal("x"), Term::literal("1", xsd_ns + "integer")};
    std::vector<Generated> all;
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
        Triples quads = graph;
        for (auto& q : quads)
            q.graph = pick(3) == 0 ? std::string() : ex + "g" + std::to_string(pick(2));
        all.push_back({std::move(graph), std::move(quads)});
    }
    return all;
}

} // namespace

TEST_CASE("Generated graphs of blank nodes and lists read back the same", "[serialize]") {
    const auto generated = generated_graphs();
    for (std::size_t round = 0; round < generated.size(); ++round) {
        const auto& [graph, quads] = generated[round];
        const std::string turtle = rdf::serialize(graph, Format::Turtle, prefixes);
        const std::string ntriples = rdf::serialize(graph, Format::NTriples, prefixes);
        CAPTURE(round);
        INFO(turtle);
        CHECK(canonical(read_back(turtle, Format::Turtle)) == canonical(graph));
        CHECK(canonical(read_back(ntriples, Format::NTriples)) == canonical(graph));
        const std::string trig = rdf::serialize(quads, Format::TriG, prefixes);
        const std::string nquads = rdf::serialize(quads, Format::NQuads, prefixes);
        INFO(trig);
        CHECK(canonical_dataset(read_back(trig, Format::TriG)) == canonical_dataset(quads));
        CHECK(canonical_dataset(read_back(nquads, Format::NQuads)) == canonical_dataset(quads));
    }
}

TEST_CASE("rapper reads the Turtle of the generated graphs", "[serialize][rapper]") {
    if (!rapper_installed())
        return;
    const auto generated = generated_graphs();
    // Every third graph: rapper takes a few milliseconds a run.
    for (std::size_t round = 0; round < generated.size(); round += 3) {
        CAPTURE(round);
        const Triples& graph = generated[round].graph;
        check_with_rapper(rdf::serialize(graph, Format::Turtle, prefixes), "turtle",
                          distinct_triples(graph));
    }
}

// ---- N-Quads and TriG ------------------------------------------------------------------------

namespace {

/// ser_tricky.nt spread over a default and two named graphs, one named by a local IRI; some
/// blank nodes end up in several graphs.
Triples tricky_dataset() {
    Triples quads = fixture("ser_tricky.nt");
    for (std::size_t i = 0; i < quads.size(); ++i)
        quads[i].graph = i % 3 == 0 ? "" : i % 3 == 1 ? ex + "graph/one" : "urn:x-graph:two";
    return quads;
}

} // namespace

TEST_CASE("N-Quads and TriG read back as the same dataset", "[nquads]") {
    const Triples input = tricky_dataset();
    for (const Format format : {Format::NQuads, Format::TriG}) {
        CAPTURE(rdf::info(format).name);
        const std::string out = rdf::serialize(input, format, prefixes);
        INFO(out);
        CHECK(canonical_dataset(read_back(out, format)) == canonical_dataset(input));
    }
}

TEST_CASE("rapper reads the N-Quads and TriG output as the same dataset", "[nquads][rapper]") {
    if (!rapper_installed())
        return;
    const Triples input = tricky_dataset();
    CHECK(canonical_dataset(rapper_parse(rdf::serialize(input, Format::NQuads, prefixes),
                                         "nquads")) == canonical_dataset(input));
    CHECK(canonical_dataset(rapper_parse(rdf::serialize(input, Format::TriG, prefixes), "trig")) ==
          canonical_dataset(input));
}

TEST_CASE("N-Quads sort by graph, the default graph first, and name it on every line", "[nquads]") {
    const Triples input{
        {Term::iri(ex + "s"), Term::iri(ex + "p"), Term::literal("in g"), ex + "g"},
        {Term::iri(ex + "a"), Term::iri(ex + "p"), Term::literal("in g too"), ex + "g"},
        {Term::iri(ex + "z"), Term::iri(ex + "p"), Term::literal("default"), ""},
    };
    CHECK(rdf::serialize(input, Format::NQuads, prefixes) ==
          "<http://example.org/z> <http://example.org/p> \"default\" .\n"
          "<http://example.org/a> <http://example.org/p> \"in g too\" <http://example.org/g> .\n"
          "<http://example.org/s> <http://example.org/p> \"in g\" <http://example.org/g> .\n");
}

TEST_CASE("TriG writes the default graph as Turtle and each named graph as an indented block",
          "[nquads]") {
    const Term alice = Term::iri(ex + "alice");
    const Triples input{
        {alice, Term::iri(ex + "name"), Term::literal("Alice"), ""},
        {alice, Term::iri(ex + "address"), Term::blank("a"), ex + "g"},
        {Term::blank("a"), Term::iri(ex + "city"), Term::literal("Zürich"), ex + "g"},
        {alice, Term::iri(ex + "note"), Term::literal("two\nlines"), "http://other.org/g"},
    };
    const std::string trig = rdf::serialize(input, Format::TriG, prefixes);
    CHECK(trig == "@prefix ex: <http://example.org/> .\n"
                  "\n"
                  "ex:alice\n"
                  "\tex:name \"Alice\" .\n"
                  "\n"
                  "ex:g {\n"
                  "\tex:alice\n"
                  "\t\tex:address [\n"
                  "\t\t\tex:city \"Zürich\"\n"
                  "\t\t] .\n"
                  "}\n"
                  "\n"
                  "<http://other.org/g> {\n"
                  "\tex:alice\n"
                  "\t\tex:note \"\"\"two\n"
                  "lines\"\"\" .\n" // the text of a long string is not indented
                  "}\n");
    CHECK(canonical_dataset(read_back(trig, Format::TriG)) == canonical_dataset(input));
}

TEST_CASE("TriG without named graphs is the Turtle output", "[nquads]") {
    const Triples input = fixture("ser_tricky.nt");
    CHECK(rdf::serialize(input, Format::TriG, prefixes) ==
          rdf::serialize(input, Format::Turtle, prefixes));
}

namespace {

/// A blank node in two graphs, and one in a single graph.
const Triples shared_blank{
    {Term::iri(ex + "s"), Term::iri(ex + "p"), Term::blank("x"), ex + "g1"},
    {Term::blank("x"), Term::iri(ex + "q"), Term::literal("in g2"), ex + "g2"},
    {Term::iri(ex + "t"), Term::iri(ex + "p"), Term::blank("y"), ex + "g1"},
    {Term::blank("y"), Term::iri(ex + "q"), Term::literal("only in g1"), ex + "g1"},
};

} // namespace

TEST_CASE("TriG writes a blank node that occurs in two graphs by its label in both", "[nquads]") {
    // TriG blank node labels hold for the whole document; nesting it as [ … ] in one graph
    // would make it a different node from the one in the other graph.
    const std::string trig = rdf::serialize(shared_blank, Format::TriG, prefixes);
    INFO(trig);
    CHECK(contains(trig, "ex:s\n\t\tex:p _:b1 .\n"));
    CHECK(contains(trig, "ex:g2 {\n\t_:b1\n\t\tex:q \"in g2\" .\n}\n"));
    CHECK(contains(trig, "ex:t\n\t\tex:p [\n")); // used in one graph only: nested
    CHECK(canonical_dataset(read_back(trig, Format::TriG)) == canonical_dataset(shared_blank));
}

TEST_CASE("rapper reads a blank node that TriG writes in two graphs as one node",
          "[nquads][rapper]") {
    if (!rapper_installed())
        return;
    const std::string trig = rdf::serialize(shared_blank, Format::TriG, prefixes);
    INFO(trig);
    CHECK(canonical_dataset(rapper_parse(trig, "trig")) == canonical_dataset(shared_blank));
}

TEST_CASE("A blank node graph name is written as a blank node label", "[nquads]") {
    const Triples input{
        {Term::iri(ex + "s"), Term::iri(ex + "p"), Term::blank("x"), "_:g"},
        {Term::blank("g"), Term::iri(ex + "p"), Term::literal("the graph, described"), ""},
    };
    const std::string nquads = rdf::serialize(input, Format::NQuads, prefixes);
    CHECK(nquads == "_:b1 <http://example.org/p> \"the graph, described\" .\n"
                    "<http://example.org/s> <http://example.org/p> _:b2 _:b1 .\n");
    const std::string trig = rdf::serialize(input, Format::TriG, prefixes);
    INFO(trig);
    CHECK(trig == "@prefix ex: <http://example.org/> .\n"
                  "\n"
                  "_:b1\n"
                  "\tex:p \"the graph, described\" .\n"
                  "\n"
                  "_:b1 {\n"
                  "\tex:s\n"
                  "\t\tex:p [] .\n"
                  "}\n");
    for (const auto& [out, format] : {std::pair(nquads, Format::NQuads), {trig, Format::TriG}}) {
        const Triples back = read_back(out, format);
        REQUIRE(back.size() == 2);
        const auto& in_graph = back[0].graph.empty() ? back[1] : back[0];
        const auto& graph_node = back[0].graph.empty() ? back[0] : back[1];
        CHECK(in_graph.graph == "_:" + graph_node.subject.value);
    }
}

TEST_CASE("Turtle and TriG keep serd's bytes for lists of nested nodes, quote runs and shared "
          "blank nodes",
          "[nquads]") {
    // The bytes serd 0.30's writer wrote for these (recorded before the Turtle family was
    // written without it): a blank node in two graphs by label, `[ … ]` inside `( … )` and the
    // next item on the same line, a third quote in a row escaped in a long string, the lines
    // inside it not indented in TriG, and a graph IRI escaped as TriG's own labels are (0x7F
    // left as it is).
    const std::string g2 = "http://example.org/g{2}\x7f";
    const Term first = Term::iri(rdf_ns + "first"), rest = Term::iri(rdf_ns + "rest"),
               nil = Term::iri(rdf_ns + "nil"), s = Term::iri(ex + "s"), p = Term::iri(ex + "p"),
               q = Term::iri(ex + "q");
    const Triples input{
        {s, p, Term::blank("shared"), ""},
        {Term::blank("shared"), q, Term::literal("in g1"), ex + "g1"},
        {Term::blank("shared"), q, Term::literal("in g2"), g2},
        {s, Term::iri(ex + "list"), Term::blank("c1"), ex + "g1"},
        {Term::blank("c1"), first, Term::blank("item"), ex + "g1"},
        {Term::blank("item"), p, Term::literal("nested in a list"), ex + "g1"},
        {Term::blank("c1"), rest, Term::blank("c2"), ex + "g1"},
        {Term::blank("c2"), first, Term::literal("say \"\"\"hi\"\"\"\nand bye\""), ex + "g1"},
        {Term::blank("c2"), rest, nil, ex + "g1"},
        {s, p, Term::blank("holder"), g2},
        {Term::blank("holder"), p, Term::literal("first"), g2},
        {Term::blank("holder"), q, Term::blank("d1"), g2},
        {Term::blank("d1"), first, Term::literal("x", "", "en"), g2},
        {Term::blank("d1"), rest, nil, g2},
    };
    const rdf::Prefixes used{{"rdf", rdf_ns}, {"ex", ex}};
    CHECK(rdf::serialize(input, Format::TriG, used) ==
          "@prefix ex: <http://example.org/> .\n"
          "\n"
          "ex:s\n"
          "\tex:p _:b1 .\n"
          "\n"
          "ex:g1 {\n"
          "\tex:s\n"
          "\t\tex:list (\n"
          "\t\t\t[\n"
          "\t\t\t\tex:p \"nested in a list\"\n"
          "\t\t\t] \"\"\"say \"\"\\\"hi\"\"\\\"\n"
          "and bye\\\"\"\"\"\n"
          "\t\t) .\n"
          "\n"
          "\t_:b1\n"
          "\t\tex:q \"in g1\" .\n"
          "}\n"
          "\n"
          "<http://example.org/g\\u007B2\\u007D\x7f> {\n"
          "\tex:s\n"
          "\t\tex:p [\n"
          "\t\t\tex:p \"first\" ;\n"
          "\t\t\tex:q (\n"
          "\t\t\t\t\"x\"@en\n"
          "\t\t\t)\n"
          "\t\t] .\n"
          "\n"
          "\t_:b1\n"
          "\t\tex:q \"in g2\" .\n"
          "}\n");
    CHECK(rdf::serialize(input, Format::Turtle, used) == "@prefix ex: <http://example.org/> .\n"
                                                         "\n"
                                                         "ex:s\n"
                                                         "\tex:p [\n"
                                                         "\t\tex:p \"first\" ;\n"
                                                         "\t\tex:q (\n"
                                                         "\t\t\t\"x\"@en\n"
                                                         "\t\t)\n"
                                                         "\t] , [\n"
                                                         "\t\tex:q \"in g1\" ,\n"
                                                         "\t\t\t\"in g2\"\n"
                                                         "\t] ;\n"
                                                         "\tex:list (\n"
                                                         "\t\t[\n"
                                                         "\t\t\tex:p \"nested in a list\"\n"
                                                         "\t\t] \"\"\"say \"\"\\\"hi\"\"\\\"\n"
                                                         "and bye\\\"\"\"\"\n"
                                                         "\t) .\n");
}

namespace {

/// Backslashes in literals and in an IRI, in a named graph.
const Triples backslashes{
    {Term::iri(ex + "s"), Term::iri(ex + "p"), Term::literal("a\\b \\\\ \\u0041 \\\"\t"), ex + "g"},
    {Term::iri(ex + "s{\\}"), Term::iri(ex + "p"), Term::literal("\\"), ex + "g"},
};

} // namespace

TEST_CASE("N-Triples and N-Quads write a backslash as \\u005C", "[nquads]") {
    // rdflib 6.1's N-Triples parser runs str.replace once per escape, so it reads "a\\b" as
    // a, backspace. \u005C is the same backslash in every parser.
    const Triples& input = backslashes;
    for (const Format format : {Format::NTriples, Format::NQuads}) {
        CAPTURE(rdf::info(format).name);
        const std::string out = rdf::serialize(input, format, prefixes);
        INFO(out);
        CHECK(contains(out, "\"a\\u005Cb \\u005C\\u005C \\u005Cu0041 \\u005C\\\"\\t\""));
        CHECK(contains(out, "<http://example.org/s\\u007B\\u005C\\u007D>"));
        CHECK_FALSE(contains(out, "\\\\"));
        CHECK(canonical_dataset(read_back(out, format)) ==
              canonical_dataset(
                  format == Format::NQuads
                      ? input
                      : rdf::Triples{{input[0].subject, input[0].predicate, input[0].object, ""},
                                     {input[1].subject, input[1].predicate, input[1].object, ""}}));
    }
}

TEST_CASE("rapper reads the backslashes N-Triples and N-Quads write", "[nquads][rapper]") {
    if (!rapper_installed())
        return;
    for (const Format format : {Format::NTriples, Format::NQuads}) {
        CAPTURE(rdf::info(format).name);
        const std::string out = rdf::serialize(backslashes, format, prefixes);
        INFO(out);
        check_with_rapper(out, format == Format::NQuads ? "nquads" : "ntriples", 2);
    }
}

TEST_CASE("N-Triples escapes every octet serd escapes wherever it stands", "[serialize]") {
    // Lines are looked at sixteen octets at a time, the last sixteen overlapping: every place
    // of a block, and of the overlap, must be seen. Octet by octet: serd 0.30's escapes, and a
    // backslash as \u005C (write_lines()).
    const auto uchar = [](unsigned char octet) {
        static constexpr char hex[] = "0123456789ABCDEF";
        return std::string("\\u00") + hex[octet >> 4] + hex[octet & 0xF];
    };
    const auto literal_text = [&](const std::string& text) {
        std::string out;
        for (const char c : text) {
            const auto octet = static_cast<unsigned char>(c);
            if (c == '"')
                out += "\\\"";
            else if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c == '\t')
                out += "\\t";
            else if (octet < 0x20 || octet == 0x7F || c == '\\')
                out += uchar(octet);
            else
                out += c;
        }
        return out;
    };
    const auto iri_text = [&](const std::string& iri) {
        std::string out;
        for (const char c : iri)
            out += std::string_view("\"\\^`{|}\x7F").find(c) != std::string_view::npos
                       ? uchar(static_cast<unsigned char>(c))
                       : std::string(1, c);
        return out;
    };
    const std::string plain = "http://example.org/a-long-path/with/segments~x?q=1#frag";
    const std::string s = "http://example.org/s";
    for (const std::size_t length : {5u, 16u, 17u, 31u, 32u, 40u, 55u})
        for (std::size_t at = 0; at < length; ++at) {
            for (int octet = 1; octet < 256; ++octet) {
                std::string text = plain.substr(0, length);
                text[at] = static_cast<char>(octet);
                const Triples input{{Term::iri(s), Term::iri(s), Term::literal(text), {}}};
                INFO("octet " << octet << " at " << at << " of " << length);
                REQUIRE(rdf::serialize(input, Format::NTriples, rdf::Prefixes{}) ==
                        "<" + s + "> <" + s + "> \"" + literal_text(text) + "\" .\n");
            }
            for (const char octet : std::string_view("\"\\^`{|}\x7F~a")) {
                std::string iri = plain.substr(0, length);
                iri[at] = octet;
                const Triples input{{Term::iri(s), Term::iri(s), Term::iri(iri), {}}};
                INFO("octet " << int(octet) << " in an IRI at " << at << " of " << length);
                REQUIRE(rdf::serialize(input, Format::NTriples, rdf::Prefixes{}) ==
                        "<" + s + "> <" + s + "> <" + iri_text(iri) + "> .\n");
            }
        }
}
