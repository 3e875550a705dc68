// How each engine rewrites literals on loading: the answers differ from the data, and the
// README says so ("Engine quirks"). These checks pin what each engine does today, so that a
// change in an engine shows here, and the equivalence tests forgive exactly these rewrites
// (store_checks.hpp, engine_form) and nothing else.
#include "sparql_factory.hpp"

#include <catch2/catch.hpp>

#include <map>

namespace {

using namespace seeother;

const std::string data = R"(@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix p: <http://quirks.test/p/> .
<http://quirks.test/id/x> p:int "007"^^xsd:integer ;
    p:plus "+5"^^xsd:integer ;
    p:double "1.5e3"^^xsd:double ;
    p:decimal "6.6270"^^xsd:decimal ;
    p:bool "1"^^xsd:boolean ;
    p:string "s"^^xsd:string ;
    p:plain "s" ;
    p:lang "colour"@en-GB ;
    p:date "2024-02-29"^^xsd:date ;
    p:control "bell\u0007 tab\t DEL\u007F" ;
    p:custom "12 parsecs"^^<http://quirks.test/unit> .
)";

/// Each predicate's local name → the object as the engine returns it (N-Triples-like).
std::map<std::string, std::string> answers() {
    const auto store = test::make_sparql_store(data, "quirks.ttl", "http://quirks.test/");
    std::map<std::string, std::string> found;
    for (const auto& t : rdf::describe_all(*store, "http://quirks.test/id/x")) {
        const auto name = t.predicate.value.substr(t.predicate.value.rfind('/') + 1);
        std::string text = "\"" + t.object.value + "\"";
        if (!t.object.language.empty())
            text += "@" + t.object.language;
        if (!t.object.datatype.empty())
            text += "^^" + t.object.datatype.substr(t.object.datatype.find('#') + 1);
        found[name] = text;
    }
    return found;
}

} // namespace

TEST_CASE("engine quirks: literals as the engine returns them", "[sparql][quirks]") {
    const auto got = answers();
    const bool virtuoso = test::shared_engine().name() == "virtuoso";
    // Both engines: integers, decimals and doubles in canonical form; language tags in
    // lower case; booleans as true/false. Custom datatypes, dates and control characters
    // are kept as they are.
    CHECK(got.at("int") == "\"7\"^^integer");
    CHECK(got.at("plus") == "\"5\"^^integer");
    CHECK(got.at("decimal") == "\"6.627\"^^decimal");
    CHECK(got.at("bool") == "\"true\"^^boolean");
    CHECK(got.at("lang") == "\"colour\"@en-gb");
    CHECK(got.at("date") == "\"2024-02-29\"^^date");
    CHECK(got.at("control") == "\"bell\x07 tab\t DEL\x7F\"");
    CHECK(got.at("custom") == "\"12 parsecs\"^^http://quirks.test/unit");
    CHECK(got.at("plain") == "\"s\"");
    if (virtuoso) {
        // Virtuoso writes doubles with a decimal point and keeps an explicit xsd:string.
        CHECK(got.at("double") == "\"1500.0\"^^double");
        CHECK(got.at("string") == "\"s\"^^string");
    } else {
        // Oxigraph writes the shortest form and drops xsd:string (RDF 1.1: the same literal).
        CHECK(got.at("double") == "\"1500\"^^double");
        CHECK(got.at("string") == "\"s\"");
    }
}
