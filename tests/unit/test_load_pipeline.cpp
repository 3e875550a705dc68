// Loading reads on a thread of its own and hands the store its quads in batches of about
// 256 KB of text (rdf/sord/load.cpp): data spread over many batches must arrive whole and in order,
// and a failure in any batch must stop the load with its place in the input, never hang it.
#include "rdf/prefix_index.hpp"
#include "rdf/sord/load.hpp"

#include "parse_error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace seeother::rdf;
using Catch::Matchers::Contains;
using seeother::test::parse_error;

namespace {

/// `count` triples, one a line, each about 130 octets: 20,000 fill ten batches.
std::string triples(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i)
        text += "<http://example.org/thing/" + std::to_string(i) +
                "> <http://example.org/vocabulary/label> \"the label of thing number " +
                std::to_string(i) + "\"@en .\n";
    return text;
}

} // namespace

TEST_CASE("a load of many batches keeps every triple and every prefix, in order", "[loader]") {
    std::string text =
        "@prefix a: <http://example.org/a/> .\n" + triples(10000) +
        "@prefix b: <http://example.org/b/> .\n@prefix a: <http://example.org/c/> .\n" +
        triples(20000);
    const auto store = load_store_from_string(text, "inline.ttl");
    CHECK(store->stats().triples == 20000); // the second run repeats the first's 10,000
    // In declaration order, the first of a name winning (the second `a:` comes batches later).
    const auto& bindings = store->prefixes().bindings();
    REQUIRE(bindings.size() == 2);
    CHECK(bindings[0].name == "a");
    CHECK(bindings[0].iri == "http://example.org/a/");
    CHECK(bindings[1].name == "b");
    const auto last = store->describe({"http://example.org/thing/19999", false}, 0, 10);
    REQUIRE(last.items.size() == 1);
    CHECK(last.items[0].object.value == "the label of thing number 19999");
}

TEST_CASE("a syntax error after many batches stops the load at its line", "[loader]") {
    const auto error = parse_error([] {
        load_store_from_string(triples(30000) + "<http://example.org/x> oops .\n", "inline.ttl");
    });
    CHECK(error.line() == 30001);
}

TEST_CASE("a term the store cannot keep, after many batches, is refused at its line", "[loader]") {
    const auto error = parse_error([] {
        load_store_from_string(triples(30000) +
                                   "<http://example.org/x> <http://example.org/p> "
                                   "\"x\"@en-US-u-ca-islamic .\n" +
                                   triples(30000),
                               "inline.ttl");
    });
    CHECK(error.line() == 30001);
    CHECK_THAT(error.message(), Contains("`en-US-u-ca-islamic'"));
}

TEST_CASE("predicates past those the loader keeps are stored as the others", "[loader]") {
    // The loader keeps 512 predicates' nodes; 700 go past that, each used by two subjects.
    std::string text;
    for (int round = 0; round < 2; ++round)
        for (int p = 0; p < 700; ++p)
            text += "<http://example.org/s" + std::to_string(round) + "> <http://example.org/p" +
                    std::to_string(p) + "> \"" + std::to_string(p) + "\" .\n";
    const auto store = load_store_from_string(text, "inline.nt");
    CHECK(store->stats().triples == 1400);
    for (const char* subject : {"http://example.org/s0", "http://example.org/s1"}) {
        const auto description = store->describe({subject, false}, 0, 1000);
        REQUIRE(description.items.size() == 700);
        for (const auto& triple : description.items)
            CHECK(triple.predicate.value == "http://example.org/p" + triple.object.value);
    }
}
