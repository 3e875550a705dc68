// RDF/XML input: an OWL ontology with xml:base and a file without one, served like any data,
// and what rapper makes of the files and of what is served.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <set>
#include <sstream>

using namespace seeother::test;
using Catch::Matchers::Contains;

namespace {

const std::string ontology_dir = std::string(SEEOTHER_TEST_DATA) + "/rdfxml";

SeeotherProcess& ontology_server() {
    static SeeotherProcess server(
        serve_args({ontology_dir}, "http://onto.test/", {"--public-url", "http://onto.test/"}));
    return server;
}

/// The N-Triples lines `command` prints, or nullopt when it cannot run.
std::optional<std::set<std::string>> lines_of(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return std::nullopt;
    std::set<std::string> lines;
    std::string line;
    for (int c; (c = std::fgetc(pipe)) != EOF;) {
        if (c != '\n') {
            line += static_cast<char>(c);
        } else if (!line.empty()) {
            lines.insert(line);
            line.clear();
        }
    }
    if (::pclose(pipe) != 0)
        return std::nullopt;
    return lines;
}

bool has_rapper() {
    return std::system("command -v rapper >/dev/null 2>&1") == 0;
}

} // namespace

TEST_CASE("an RDF/XML ontology is served: xml:base and the server's base resolve its IRIs",
          "[rdfxml]") {
    auto& server = ontology_server();
    auto c = client(server);
    // Hash IRIs under xml:base="http://onto.test/vocab".
    auto vocab = c.Get("/vocab.nt");
    REQUIRE(vocab);
    CHECK(vocab->status == 200);
    CHECK_THAT(vocab->body, Contains("<http://onto.test/vocab#Person> "
                                     "<http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                                     "<http://onto.test/vocab#Agent> ."));
    CHECK_THAT(vocab->body, Contains("<http://onto.test/vocab> "
                                     "<http://www.w3.org/2000/01/rdf-schema#label> "
                                     "\"Test ontology\"@en ."));
    // An element's own xml:base, and a file without xml:base (the server's base).
    CHECK(c.Get("/id/alice")->status == 303);
    CHECK(c.Get("/id/bob")->status == 303);
    CHECK_THAT(c.Get("/doc/alice.nt")->body,
               Contains("<http://onto.test/id/alice> <http://onto.test/vocab#knows> "
                        "<http://onto.test/id/bob> ."));
    // Protégé's catalog is XML without RDF: not read, and said so.
    CHECK_THAT(server.stderr_text(), Contains("catalog-v001.xml") && Contains("not read"));
    CHECK_THAT(server.stderr_text(), Contains("from 2 files"));
}

TEST_CASE("rapper reads the same triples from the RDF/XML files as the server serves",
          "[rdfxml][rapper]") {
    if (!has_rapper()) {
        std::puts("SKIPPED: rapper (raptor2-utils) is not installed");
        return;
    }
    auto c = client(ontology_server());
    // Every triple of the vocabulary without blank nodes, as rapper reads the file.
    const auto expected = lines_of("rapper -q -i rdfxml -o ntriples '" + ontology_dir +
                                   "/ontology.owl' http://onto.test/");
    REQUIRE(expected);
    const auto served = c.Get("/vocab.nt")->body;
    std::size_t checked = 0;
    for (const auto& triple : *expected) {
        if (triple.rfind("<http://onto.test/vocab", 0) != 0)
            continue;
        CAPTURE(triple);
        CHECK_THAT(served, Contains(triple));
        ++checked;
    }
    CHECK(checked == 9);
    // And the RDF/XML the server writes, read back by rapper, is the document's graph.
    const auto served_rdfxml = c.Get("/doc/alice.rdf")->body;
    const std::string file = "/tmp/seeother-e2e-alice.rdf";
    std::ofstream(file) << served_rdfxml;
    const auto round_trip = lines_of("rapper -q -i rdfxml -o ntriples " + file + " http://x/");
    std::remove(file.c_str());
    REQUIRE(round_trip);
    const auto nt = c.Get("/doc/alice.nt")->body;
    std::size_t without_blank = 0;
    for (const auto& triple : *round_trip)
        if (triple.find("_:") == std::string::npos) {
            CAPTURE(triple);
            CHECK_THAT(nt, Contains(triple));
            ++without_blank;
        }
    CHECK(round_trip->size() == 7);
    CHECK(without_blank == 5);
}
