// The real binary in SPARQL mode (--sparql, --sparql-graph, --sparql-timeout) on this run's
// engine: the same statuses and the same descriptions as in file mode, for the sample data.
#include "sparql_factory.hpp"
#include "store_checks.hpp"

#include "seeother_process.hpp"

#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

#include <httplib.h>

namespace {

using namespace seeother;

std::string sample_text() {
    std::string text;
    for (const char* name : {"people.ttl", "places.ttl", "project.ttl", "vocab.ttl"})
        text += test::read_file(std::string(SEEOTHER_SAMPLE_DATA) + "/" + name) + "\n";
    return text;
}

/// seeother --sparql on the sample, loaded into the engine once.
test::SeeotherProcess& sparql_server() {
    static test::SeeotherProcess server([] {
        std::vector<std::string> args{"--sparql",         test::shared_engine().endpoint(),
                                      "--base",           "http://example.org/",
                                      "--listen",         "127.0.0.1:0",
                                      "--sparql-timeout", "30",
                                      "--public-url",     "http://example.org/"};
        for (const auto& graph :
             test::load_into_engine(sample_text(), "sample.ttl", "http://example.org/")) {
            args.push_back("--sparql-graph");
            args.push_back(graph);
        }
        return args;
    }());
    return server;
}

httplib::Client client() {
    httplib::Client c("127.0.0.1", sparql_server().port());
    c.set_read_timeout(60);
    return c;
}

/// N-Triples text as triples.
rdf::Triples triples_of(const std::string& ntriples) {
    return rdf::sparql::parse_triples(ntriples, false);
}

} // namespace

TEST_CASE("SPARQL mode: /id/X is a 303 for a described thing, 404 otherwise", "[sparql][serve]") {
    auto c = client();
    const auto see_other = c.Get("/id/alice");
    REQUIRE(see_other);
    INFO(sparql_server().stderr_text());
    CHECK(see_other->status == 303);
    CHECK(see_other->get_header_value("Location") == "http://example.org/doc/alice");
    const auto missing = c.Get("/id/nobody-at-all");
    REQUIRE(missing);
    CHECK(missing->status == 404);
}

TEST_CASE("SPARQL mode: every document describes the graph file mode describes",
          "[sparql][serve]") {
    const auto files =
        rdf::load_store_from_string(sample_text(), "sample.ttl", "http://example.org/");
    // Both name things by --base (no rewriting to each one's own address).
    test::SeeotherProcess file_server(test::serve_args({std::string(SEEOTHER_SAMPLE_DATA)},
                                                       "http://example.org/",
                                                       {"--public-url", "http://example.org/"}));
    httplib::Client from_files("127.0.0.1", file_server.port());
    auto from_endpoint = client();
    // Things, a percent-encoded IRI, and a hash document (the vocabulary).
    for (const char* path : {"/doc/alice.nt", "/doc/lake-geneva.nt", "/doc/caf%C3%A9-du-lac.nt",
                             "/doc/trail-map.nt", "/vocab.nt"}) {
        CAPTURE(path);
        const auto want = from_files.Get(path);
        const auto got = from_endpoint.Get(path);
        REQUIRE(want);
        REQUIRE(got);
        INFO(sparql_server().stderr_text());
        CHECK(got->status == want->status);
        CHECK(test::graph_lines(triples_of(got->body)) ==
              test::graph_lines(triples_of(want->body)));
    }
}

TEST_CASE("SPARQL mode: the pages for people answer", "[sparql][serve]") {
    auto c = client();
    for (const char* path : {"/", "/classes", "/search?q=lake", "/doc/alice.html",
                             "/class?iri=http%3A%2F%2Fxmlns.com%2Ffoaf%2F0.1%2FPerson"}) {
        CAPTURE(path);
        const auto res = c.Get(path);
        REQUIRE(res);
        INFO(sparql_server().stderr_text());
        CHECK(res->status == 200);
    }
}
