// Parsing without a store: what a QuadSink receives from a string or a file, and how a sink's
// refusal becomes an error at its place. Loading into the store is test_loader.cpp.
#include "rdf/parse/parse.hpp"

#include "parse_error.hpp"
#include "term_text.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace seeother::rdf;
using Catch::Matchers::Contains;

namespace {

using seeother::test::parse_error;
using seeother::test::text;

/// Keeps what it is given as text, and checks the promise that every view ends in a NUL.
class Recorder final : public QuadSink {
  public:
    std::vector<std::string> prefixes;
    std::vector<std::string> quads;
    bool views_end_in_nul = true;

    void prefix(std::string_view name, std::string_view iri) override {
        prefixes.push_back(std::string(name) + ": " + std::string(iri));
    }
    void quad(const QuadView& quad) override {
        for (const TermView* term : {&quad.subject, &quad.predicate, &quad.object})
            for (const auto view : {term->value, term->datatype, term->language})
                if (!view.empty() && view.data()[view.size()] != '\0')
                    views_end_in_nul = false;
        const Triple t = quad.to_triple();
        quads.push_back(text(t.subject) + " " + text(t.predicate) + " " + text(t.object) +
                        (t.graph.empty() ? "" : " " + t.graph));
    }
};

/// Refuses the quad numbered `refuse` (from 1).
class Refuser final : public QuadSink {
  public:
    explicit Refuser(int refuse) : refuse_(refuse) {}
    void quad(const QuadView&) override {
        if (++seen_ == refuse_)
            throw Refusal("too much for this sink");
    }

  private:
    int refuse_;
    int seen_ = 0;
};

} // namespace

TEST_CASE("a string is parsed into quads of absolute IRIs, without a store", "[parse]") {
    Recorder sink;
    parse_string(R"(@prefix ex: <http://example.org/vocab#> .
@prefix rel: <vocab/> .
<alice> ex:name "Alice"@en, "A"^^<http://www.w3.org/2001/XMLSchema#string> ;
    rel:age "42"^^<http://www.w3.org/2001/XMLSchema#integer> ;
    ex:knows [ ex:name "Bob" ] .
)",
                 Format::Turtle, "body.ttl", sink, "http://example.org/data/", "b_");
    CHECK(sink.prefixes == std::vector<std::string>{"ex: http://example.org/vocab#",
                                                    "rel: http://example.org/data/vocab/"});
    CHECK(
        sink.quads ==
        std::vector<std::string>{
            R"(<http://example.org/data/alice> <http://example.org/vocab#name> "Alice"@en)",
            // xsd:string is the plain literal
            R"(<http://example.org/data/alice> <http://example.org/vocab#name> "A")",
            R"(<http://example.org/data/alice> <http://example.org/data/vocab/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer>)",
            "<http://example.org/data/alice> <http://example.org/vocab#knows> _:b_b1",
            R"(_:b_b1 <http://example.org/vocab#name> "Bob")",
        });
    CHECK(sink.views_end_in_nul);
}

TEST_CASE("a prefix or base declared again changes what the same text means from there on",
          "[parse]") {
    Recorder sink;
    parse_string(R"(@prefix ex: <http://a.example/> .
ex:s ex:p <o>, "x"^^ex:t .
@prefix ex: <http://b.example/> .
ex:s ex:p <o>, "x"^^ex:t .
@base <http://c.example/> .
ex:s ex:p <o> .
)",
                 Format::Turtle, "redeclared.ttl", sink, "http://base.example/");
    CHECK(sink.quads ==
          std::vector<std::string>{
              "<http://a.example/s> <http://a.example/p> <http://base.example/o>",
              R"(<http://a.example/s> <http://a.example/p> "x"^^<http://a.example/t>)",
              "<http://b.example/s> <http://b.example/p> <http://base.example/o>",
              R"(<http://b.example/s> <http://b.example/p> "x"^^<http://b.example/t>)",
              "<http://b.example/s> <http://b.example/p> <http://c.example/o>",
          });
}

TEST_CASE("a blank node label right before the statement's dot is whole, and ends in a NUL",
          "[parse]") {
    // Serd takes the '.' off the label but leaves it in its buffer, where Sord's copy of the
    // label read past its end.
    Recorder sink;
    parse_string("_:b1 <http://e/p> _:b2.\n_:b3.x <http://e/p> _:b4.\n", Format::NTriples, "dot.nt",
                 sink, {}, "f1_");
    CHECK(sink.quads == std::vector<std::string>{"_:f1_b1 <http://e/p> _:f1_b2",
                                                 "_:f1_b3.x <http://e/p> _:f1_b4"});
    CHECK(sink.views_end_in_nul);
}

TEST_CASE("quads keep their graph, the default graph has none", "[parse]") {
    for (const auto format : {Format::TriG, Format::NQuads}) {
        CAPTURE(info(format).name);
        Recorder sink;
        const char* text = format == Format::TriG
                               ? R"(<http://e/a> <http://e/p> "1" . <http://e/g> { <http://e/a> )"
                                 R"(<http://e/p> "2" } _:g { <http://e/a> <http://e/p> "3" })"
                               : "<http://e/a> <http://e/p> \"1\" .\n"
                                 "<http://e/a> <http://e/p> \"2\" <http://e/g> .\n"
                                 "<http://e/a> <http://e/p> \"3\" _:g .\n";
        parse_string(text, format, "dataset", sink, {}, "x_");
        REQUIRE(sink.quads.size() == 3);
        CHECK_THAT(sink.quads[0], !Contains("http://e/g") && !Contains("_:"));
        CHECK_THAT(sink.quads[1], Contains("\" http://e/g"));
        CHECK_THAT(sink.quads[2], Contains("\" _:x_g"));
    }
}

TEST_CASE("a sink's refusal stops parsing with the quad's place in the input", "[parse]") {
    Refuser sink(2);
    const auto error = parse_error([&] {
        parse_string("<http://e/a> <http://e/p> 1 .\n\n<http://e/a> <http://e/p> 22 .\n",
                     Format::Turtle, "refused.ttl", sink);
    });
    CHECK(error.file() == "refused.ttl");
    CHECK(error.line() == 3);
    CHECK(error.column() == 29); // the byte after the object, as for the parser's own errors
    CHECK(error.message() == "too much for this sink");
}

TEST_CASE("any other exception from a sink passes through as it is", "[parse]") {
    class Throwing final : public QuadSink {
        void quad(const QuadView&) override { throw std::logic_error("a bug in the sink"); }
    } sink;
    CHECK_THROWS_AS(parse_string("<http://e/a> <http://e/p> 1 .", Format::Turtle, "x.ttl", sink),
                    std::logic_error);
}

TEST_CASE("a string is read in the syntax given, and errors name the string", "[parse]") {
    Recorder sink;
    // A prefixed name is no N-Triples.
    const auto error = parse_error([&] {
        parse_string("<http://e/a> <http://e/p> ex:b .", Format::NTriples, "request body", sink);
    });
    CHECK(error.file() == "request body");
    CHECK(error.line() == 1);
    CHECK_THAT(error.what(), Contains("request body:1:"));
}

TEST_CASE("formats the parser does not read are refused by name", "[parse]") {
    Recorder sink;
    for (const auto format : {Format::JsonLd, Format::Html}) {
        CAPTURE(info(format).name);
        const auto error = parse_error([&] { parse_string("", format, "body", sink); });
        CHECK(error.file() == "body");
        CHECK_THAT(error.message(), Contains(std::string(info(format).name)) &&
                                        Contains("Turtle, N-Triples, N-Quads, TriG or RDF/XML"));
    }
}

TEST_CASE("a file name's last extension gives the syntax", "[parse]") {
    CHECK(format_of_name("a.ttl") == Format::Turtle);
    CHECK(format_of_name("A.NT") == Format::NTriples);
    CHECK(format_of_name("dir/a.nq") == Format::NQuads);
    CHECK(format_of_name("a.trig") == Format::TriG);
    CHECK(format_of_name("a.rdf") == Format::RdfXml);
    CHECK(format_of_name("ontology.OWL") == Format::RdfXml);
    CHECK(format_of_name("a.xml") == Format::RdfXml);
    CHECK_FALSE(format_of_name("a.ttl.gz")); // gzip is a file's business: parse_file
    CHECK_FALSE(format_of_name("a.json"));
    CHECK_FALSE(format_of_name(".ttl"));
}

TEST_CASE("a file is parsed with its own URI as the base unless one is given", "[parse]") {
    const std::string file = std::string(SEEOTHER_TEST_DATA) + "/load_relative.ttl";
    Recorder own;
    parse_file(file, own);
    REQUIRE_FALSE(own.quads.empty());
    CHECK_THAT(own.quads[0], Contains("<file://"));
    Recorder given;
    parse_file(file, given, "http://example.org/data/", "f9_");
    CHECK_THAT(given.quads[0], Contains("<http://example.org/data/"));
}

// --- RDF/XML (raptor2) -------------------------------------------------------------------------

namespace {

constexpr const char* rdfxml_head =
    "<?xml version=\"1.0\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    "         xmlns:ex=\"http://e/vocab#\"";

} // namespace

TEST_CASE("RDF/XML resolves relative IRIs against xml:base, else the base it is read with",
          "[parse][rdfxml]") {
    Recorder sink;
    parse_string(std::string(rdfxml_head) +
                     ">\n"
                     "  <rdf:Description rdf:about=\"id/a\">\n"
                     "    <ex:p rdf:resource=\"#frag\" xml:base=\"http://other/doc\"/>\n"
                     "  </rdf:Description>\n"
                     "  <rdf:Description rdf:ID=\"b\" xml:base=\"http://x/y\">\n"
                     "    <ex:q xml:lang=\"en\">hello</ex:q>\n"
                     "  </rdf:Description>\n"
                     "</rdf:RDF>\n",
                 Format::RdfXml, "a.rdf", sink, "http://base/");
    CHECK(sink.quads ==
          std::vector<std::string>{"<http://base/id/a> <http://e/vocab#p> <http://other/doc#frag>",
                                   "<http://x/y#b> <http://e/vocab#q> \"hello\"@en"});
    CHECK(sink.views_end_in_nul);
    CHECK(sink.prefixes ==
          std::vector<std::string>{"rdf: http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                                   "ex: http://e/vocab#"});
}

TEST_CASE("RDF/XML literals keep datatype and language, blank nodes get the input's prefix",
          "[parse][rdfxml]") {
    Recorder sink;
    parse_string(
        std::string(rdfxml_head) +
            ">\n"
            "  <rdf:Description rdf:about=\"http://e/a\">\n"
            "    <ex:n rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">7</ex:n>\n"
            "    <ex:s rdf:datatype=\"http://www.w3.org/2001/XMLSchema#string\">s</ex:s>\n"
            "    <ex:b rdf:nodeID=\"x\"/>\n"
            "  </rdf:Description>\n"
            "</rdf:RDF>\n",
        Format::RdfXml, "a.rdf", sink, {}, "f3_");
    CHECK(sink.quads ==
          std::vector<std::string>{
              "<http://e/a> <http://e/vocab#n> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer>",
              "<http://e/a> <http://e/vocab#s> \"s\"", "<http://e/a> <http://e/vocab#b> _:f3_x"});
}

TEST_CASE("an RDF/XML error names the input, line and column", "[parse][rdfxml]") {
    Recorder sink;
    // Not well-formed XML (libxml2's errors come without a place: found by reading again).
    auto error = parse_error([&] {
        parse_string(std::string(rdfxml_head) + ">\n"
                                                "  <rdf:Description rdf:about=\"http://e/a\">\n"
                                                "    <ex:p>unclosed\n"
                                                "  </rdf:Description>\n"
                                                "</rdf:RDF>\n",
                     Format::RdfXml, "bad.rdf", sink);
    });
    CHECK(error.file() == "bad.rdf");
    CHECK(error.line() == 6);
    CHECK(error.column() == 20);
    CHECK_THAT(error.message(), Contains("mismatch"));
    // An undeclared prefix (raptor's own error).
    error = parse_error([&] {
        parse_string(std::string(rdfxml_head) + ">\n<rdf:Description rdf:about=\"http://e/a\">\n"
                                                "<no:p>x</no:p></rdf:Description></rdf:RDF>\n",
                     Format::RdfXml, "prefix.rdf", sink);
    });
    CHECK(error.line() == 5);
    CHECK(error.column() > 0);
    CHECK_THAT(error.what(), Contains("prefix.rdf:5:"));
}

TEST_CASE("RDF/XML reads no external entity", "[parse][rdfxml]") {
    Recorder sink;
    try {
        parse_string("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM \"file:///etc/hostname\"> ]>\n" +
                         std::string(rdfxml_head).substr(22) +
                         ">\n<rdf:Description rdf:about=\"http://e/a\">"
                         "<ex:p>&secret;</ex:p></rdf:Description></rdf:RDF>\n",
                     Format::RdfXml, "xxe.rdf", sink);
    } catch (const ParseError&) {
        // Refusing the entity is as good as leaving it empty.
    }
    for (const auto& quad : sink.quads)
        CHECK(quad == "<http://e/a> <http://e/vocab#p> \"\"");
}

TEST_CASE("a sink's refusal stops RDF/XML reading with a place in the input", "[parse][rdfxml]") {
    Refuser sink(1);
    const auto error = parse_error([&] {
        parse_string(std::string(rdfxml_head) + ">\n<rdf:Description rdf:about=\"http://e/a\">\n"
                                                "<ex:p>x</ex:p></rdf:Description></rdf:RDF>\n",
                     Format::RdfXml, "refused.rdf", sink);
    });
    CHECK(error.file() == "refused.rdf");
    CHECK(error.line() > 0);
    CHECK(error.message() == "too much for this sink");
}
