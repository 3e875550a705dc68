// JSON-LD: valid JSON in a compact shape whose every value keeps its exact lexical form. The
// tests read the output with a small JSON parser and check the shape; the interop check
// (tests/interop) expands it with jsonld.js and rdflib and compares the graphs.
#include "rdf/serialize.hpp"
#include "rdf/writer_util.hpp"

#include "json_checks.hpp"
#include "rdf_checks.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rdf = seeother::rdf;
using namespace seeother::test;

namespace {

JsonValue parse_json(const std::string& text) {
    INFO(text);
    try {
        return JsonReader(text).document();
    } catch (const std::exception& error) {
        FAIL(error.what());
    }
    return {};
}

std::string jsonld(const Triples& triples, const rdf::Prefixes& with = prefixes) {
    return rdf::serialize(triples, Format::JsonLd, with);
}

const Term s = Term::iri(ex + "s");

} // namespace

TEST_CASE("JSON-LD output is valid JSON with an inline context", "[jsonld]") {
    for (const char* name : {"ser_tricky.nt", "ser_awkward.nt"}) {
        CAPTURE(name);
        const std::string out = jsonld(fixture(name));
        const JsonValue doc = parse_json(out);
        REQUIRE(doc.kind == JsonValue::Kind::Object);
        REQUIRE(doc.has("@context"));
        CHECK(doc["@context"].kind == JsonValue::Kind::Object); // never a remote context
        CHECK(doc.has("@graph"));
    }
}

TEST_CASE("Literals keep their lexical form: numbers and booleans are typed strings", "[jsonld]") {
    const Triples input{
        {s, Term::iri(ex + "n"), Term::literal("007", xsd_ns + "integer"), {}},
        {s, Term::iri(ex + "n"), Term::literal("1.50", xsd_ns + "decimal"), {}},
        {s, Term::iri(ex + "n"), Term::literal("1", xsd_ns + "boolean"), {}},
        {s, Term::iri(ex + "n"), Term::literal("1.5E3", xsd_ns + "double"), {}},
    };
    const std::string out = jsonld(input);
    INFO(out);
    const JsonValue doc = parse_json(out);
    const JsonValue& values = doc["ex:n"];
    REQUIRE(values.items.size() == 4);
    for (const auto& v : values.items) {
        CHECK(v["@value"].kind == JsonValue::Kind::String);
        CHECK(v["@type"].text.rfind("xsd:", 0) == 0);
    }
    CHECK(values[0]["@value"].is_string("007"));
    CHECK(values[0]["@type"].is_string("xsd:integer"));
    CHECK(values[1]["@value"].is_string("1"));
    CHECK(values[1]["@type"].is_string("xsd:boolean"));
    CHECK(values[2]["@value"].is_string("1.50"));
    CHECK(values[3]["@value"].is_string("1.5E3"));
}

TEST_CASE("Language-tagged and typed literals are value objects, plain strings bare", "[jsonld]") {
    const Triples input{
        {s, Term::iri(ex + "a"), Term::literal("colour", "", "en-GB"), {}},
        {s, Term::iri(ex + "b"), Term::literal("12 parsecs", "http://units.org/distance"), {}},
        {s, Term::iri(ex + "c"), Term::literal("explicit", xsd_ns + "string"), {}},
        {s, Term::iri(ex + "d"), Term::literal("plain"), {}},
    };
    const std::string out = jsonld(input);
    INFO(out);
    const JsonValue doc = parse_json(out);
    CHECK(doc["ex:a"]["@value"].is_string("colour"));
    CHECK(doc["ex:a"]["@language"].is_string("en-GB"));
    CHECK(doc["ex:b"]["@type"].is_string("http://units.org/distance"));
    CHECK(doc["ex:c"].is_string("explicit"));
    CHECK(doc["ex:d"].is_string("plain"));
    CHECK(contains(out, "\"ex:a\": {\"@value\": \"colour\", \"@language\": \"en-GB\"}"));
}

TEST_CASE("JSON-LD escapes what JSON and an HTML script element need", "[jsonld]") {
    const std::string text = "q\" b\\ nl\n cr\r tab\t bell\x07 del\x7F ls\xE2\x80\xA8 "
                             "</script><!-- é 😀";
    const Triples input{{s, Term::iri(ex + "p"), Term::literal(text), {}}};
    const std::string out = jsonld(input);
    INFO(out);
    CHECK(contains(out, "\"q\\\" b\\\\ nl\\n cr\\r tab\\t bell\\u0007 del\\u007f ls\\u2028 "
                        "<\\/script>\\u003c!-- é 😀\""));
    CHECK_FALSE(contains(out, "</"));
    CHECK_FALSE(contains(out, "<!"));
    CHECK(parse_json(out)["ex:p"].is_string(text));
}

TEST_CASE("One subject is the top node object, several go in @graph", "[jsonld]") {
    const Triples one{{s, Term::iri(ex + "p"), Term::literal("x"), {}}};
    CHECK(jsonld(one) == "{\n"
                         "  \"@context\": {\n"
                         "    \"ex\": \"http://example.org/\"\n"
                         "  },\n"
                         "  \"@id\": \"ex:s\",\n"
                         "  \"ex:p\": \"x\"\n"
                         "}\n");
    Triples two = one;
    two.push_back({Term::iri(ex + "t"), Term::iri(ex + "p"), Term::literal("y"), {}});
    const JsonValue doc = parse_json(jsonld(two));
    REQUIRE(doc["@graph"].items.size() == 2);
    CHECK(doc["@graph"][0]["@id"].is_string("ex:s"));
    CHECK(doc["@graph"][1]["@id"].is_string("ex:t"));
}

TEST_CASE("Blank nodes used once are embedded, shared ones and cycles are labelled", "[jsonld]") {
    const Triples input = blank_node_shapes();
    const std::string out = jsonld(input);
    INFO(out);
    const JsonValue doc = parse_json(out);
    const JsonValue& nodes = doc["@graph"];
    REQUIRE(nodes.items.size() == 3);
    const JsonValue& address = nodes[0]["ex:address"];
    CHECK_FALSE(address.has("@id"));
    CHECK(address["ex:city"].is_string("Zürich"));
    CHECK(address["ex:geo"].members.empty()); // {}: a blank node with nothing to say
    CHECK(nodes[0]["ex:knows"]["@id"].is_string("_:b1"));
    CHECK(nodes[1]["ex:knows"]["@id"].is_string("_:b1"));
    CHECK(nodes[2]["@id"].is_string("_:b2"));
    CHECK(nodes[2]["ex:next"]["@id"].is_string("_:b2"));
}

TEST_CASE("Lists are @list, lists of lists included, and rdf:nil is an empty @list", "[jsonld]") {
    const Term first = Term::iri(rdf_ns + "first");
    const Term rest = Term::iri(rdf_ns + "rest");
    const Term nil = Term::iri(rdf_ns + "nil");
    const Triples input{
        {s, Term::iri(ex + "list"), Term::blank("l1"), {}},
        {Term::blank("l1"), first, Term::literal("1", xsd_ns + "integer"), {}},
        {Term::blank("l1"), rest, Term::blank("l2"), {}},
        {Term::blank("l2"), first, Term::blank("inner"), {}},
        {Term::blank("l2"), rest, nil, {}},
        {Term::blank("inner"), first, Term::iri(ex + "o"), {}},
        {Term::blank("inner"), rest, nil, {}},
        {s, Term::iri(ex + "empty"), nil, {}},
    };
    const std::string out = jsonld(input);
    INFO(out);
    const JsonValue doc = parse_json(out);
    CHECK(doc["ex:empty"]["@list"].items.empty());
    const JsonValue& items = doc["ex:list"]["@list"];
    REQUIRE(items.items.size() == 2);
    CHECK(items[0]["@value"].is_string("1"));
    CHECK(items[1]["@list"][0]["@id"].is_string("ex:o"));
}

TEST_CASE("rdf:type with an IRI object is @type, with any other object a property", "[jsonld]") {
    const Term type = Term::iri(rdf_ns + "type");
    const Triples input{
        {s, type, Term::iri("http://xmlns.com/foaf/0.1/Person"), {}},
        {s, type, Term::iri(ex + "Agent"), {}},
        {s, type, Term::blank("class"), {}},
        {Term::blank("class"), Term::iri(ex + "p"), Term::literal("a blank class"), {}},
        {s, type, Term::literal("a literal type"), {}},
    };
    const std::string out = jsonld(input);
    INFO(out);
    const JsonValue doc = parse_json(out);
    REQUIRE(doc["@type"].items.size() == 2);
    CHECK(doc["@type"][0].is_string("ex:Agent"));
    CHECK(doc["@type"][1].is_string("foaf:Person"));
    const JsonValue& others = doc["rdf:type"];
    REQUIRE(others.items.size() == 2);
    CHECK(others[0]["ex:p"].is_string("a blank class"));
    CHECK(others[1].is_string("a literal type"));
}

TEST_CASE("A prefix named like a scheme in the data, or not ending in a delimiter, is unused",
          "[jsonld]") {
    // "urn" as a term would turn the IRI urn:isbn:1 into a compact IRI; "p" ends in "_", so
    // JSON-LD 1.1 would not expand p:x through it.
    const Triples input{
        {s, Term::iri(ex + "p"), Term::iri("urn:isbn:1"), {}},
        {s, Term::iri("http://p.org/ns_x"), Term::literal("x"), {}},
        {s, Term::iri("urn:x:y"), Term::literal("y"), {}},
    };
    const rdf::Prefixes odd{{"ex", ex}, {"urn", "urn:x:"}, {"p", "http://p.org/ns_"}};
    const std::string out = jsonld(input, odd);
    INFO(out);
    const JsonValue doc = parse_json(out);
    CHECK_FALSE(doc["@context"].has("urn"));
    CHECK_FALSE(doc["@context"].has("p"));
    CHECK(doc["ex:p"]["@id"].is_string("urn:isbn:1"));
    CHECK(doc["http://p.org/ns_x"].is_string("x"));
    CHECK(doc["urn:x:y"].is_string("y"));
}

TEST_CASE("An IRI equal to a namespace, or whose local part starts with //, is written in full",
          "[jsonld]") {
    const Triples input{
        {s, Term::iri(ex), Term::iri(ex + "//x"), {}},
    };
    const std::string out = jsonld(input);
    INFO(out);
    const JsonValue doc = parse_json(out);
    CHECK(doc["http://example.org/"]["@id"].is_string("http://example.org///x"));
}

TEST_CASE("Every octet to escape is escaped at every place of strings of every length",
          "[jsonld]") {
    // Strings are looked at sixteen octets at a time where they are that long, the last
    // sixteen overlapping: one octet to escape anywhere in strings of up to 40, in a document
    // and in a page's script, against how it is escaped alone.
    struct Special {
        std::string octets;
        std::string escaped;        ///< in a document
        std::string escaped_script; ///< in a page's <script>
    };
    const Special specials[] = {
        {"\"", "\\\"", "\\\""},
        {"\\", "\\\\", "\\\\"},
        {"\n", "\\n", "\\n"},
        {"\x01", "\\u0001", "\\u0001"},
        {"\x1F", "\\u001f", "\\u001f"},
        {"\x7F", "\\u007f", "\\u007f"},
        {"<", "<", "\\u003c"},
        {"</", "<\\/", "\\u003c\\/"},
        {">", ">", "\\u003e"},
        {"&", "&", "\\u0026"},
        {"\xC3\xA9", "\xC3\xA9", "\xC3\xA9"},   // é
        {"\xC2\x85", "\xC2\x85", "\\u0085"},    // a C1 control
        {"\xE2\x80\xA8", "\\u2028", "\\u2028"}, // LINE SEPARATOR
        {" ", " ", " "},
        {"~", "~", "~"},
    };
    const rdf::PrefixIndex index(prefixes);
    const rdf::PrefixView view{&index, {}, {}};
    for (std::size_t length = 0; length <= 40; ++length)
        for (std::size_t at = 0; at <= length; ++at)
            for (const Special& special : specials) {
                const std::string before(at, 'a');
                const std::string after(length - at, 'b');
                const Triples input{
                    {s, Term::iri(ex + "p"), Term::literal(before + special.octets + after), {}}};
                CAPTURE(length, at, special.octets);
                CHECK(contains(jsonld(input), '"' + before + special.escaped + after + '"'));
                CHECK(contains(rdf::serialize_jsonld_for_script(input, view),
                               '"' + before + special.escaped_script + after + '"'));
            }
}
