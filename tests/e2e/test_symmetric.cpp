// --symmetric: RDF descriptions carry the triples that point at the thing too.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

using namespace seeother::test;
using Catch::Matchers::Contains;

namespace {

const std::string alice_knows_bob = "<http://data.test/id/alice> <http://xmlns.com/foaf/0.1/knows> "
                                    "<http://data.test/id/bob> .";

} // namespace

TEST_CASE("with --symmetric a thing's RDF carries its incoming triples", "[symmetric]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"},
                                      "http://data.test/",
                                      {"--symmetric", "--public-url", "http://data.test/"}));
    auto c = client(server);
    for (const char* path : {"/doc/bob.nt", "/doc/bob.ttl", "/doc/bob.jsonld", "/doc/bob.rdf"}) {
        CAPTURE(path);
        CHECK(c.Get(path)->status == 200);
    }
    CHECK_THAT(c.Get("/doc/bob.nt")->body, Contains(alice_knows_bob));
    CHECK_THAT(c.Get("/doc/bob.ttl")->body, Contains("<http://data.test/id/alice>"));
    // Its own triples are still there.
    CHECK_THAT(c.Get("/doc/bob.nt")->body, Contains("<http://xmlns.com/foaf/0.1/name> \"Bob\""));
}

TEST_CASE("without --symmetric a thing's RDF has only its own triples", "[symmetric]") {
    SeeotherProcess server(serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"},
                                      "http://data.test/", {"--public-url", "http://data.test/"}));
    CHECK_THAT(client(server).Get("/doc/bob.nt")->body, !Contains(alice_knows_bob));
}
