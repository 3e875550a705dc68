#include "rdf/namespaces.hpp"

#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

using seeother::rdf::closest_namespace;
using seeother::rdf::load_store_from_string;

namespace {

const auto& schema_like() {
    static const auto store = load_store_from_string(R"(
<http://schema.org/Person> <http://www.w3.org/2000/01/rdf-schema#label> "Person" .
<http://schema.org/Place> <http://www.w3.org/2000/01/rdf-schema#label> "Place" .
<http://data.test/id/alice> <http://www.w3.org/2000/01/rdf-schema#label> "Alice" .
<http://data.test/vocab#Thing> <http://www.w3.org/2000/01/rdf-schema#label> "Thing" .
_:b <http://www.w3.org/2000/01/rdf-schema#label> "blank" .
)",
                                                     "namespaces.nt");
    return *store;
}

} // namespace

TEST_CASE("a --base that some subject starts with has no closest namespace", "[namespaces]") {
    CHECK_FALSE(closest_namespace(schema_like(), "http://schema.org/"));
    CHECK_FALSE(closest_namespace(schema_like(), "http://data.test/"));
    CHECK_FALSE(closest_namespace(schema_like(), "http://data.test/id/"));
}

TEST_CASE("a --base that matches no subject names the nearest namespace of the data",
          "[namespaces]") {
    // https for http data: one letter away.
    const auto https = closest_namespace(schema_like(), "https://schema.org/");
    REQUIRE(https);
    CHECK(https->iri == "http://schema.org/");
    CHECK(https->subjects == 2);
    // A typo in a path.
    const auto typo = closest_namespace(schema_like(), "http://data.test/idd/");
    REQUIRE(typo);
    CHECK(typo->iri == "http://data.test/id/");
    CHECK(typo->subjects == 1);
    // The hash namespace counts as one.
    const auto hash = closest_namespace(schema_like(), "http://data.test/vocab/");
    REQUIRE(hash);
    CHECK(hash->iri == "http://data.test/vocab#");
}

TEST_CASE("data without IRI subjects has no namespace to suggest", "[namespaces]") {
    const auto store = load_store_from_string("_:a <http://e/p> \"x\" .", "blank.nt");
    CHECK_FALSE(closest_namespace(*store, "http://e/"));
}
