// The browsing routes against the real binary: the bundled sample, and a generated hub that
// 2,500 things link to.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using Catch::Matchers::Contains;
using namespace seeother::test;

namespace {

const httplib::Headers browser = {
    {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    {"Accept-Language", "en-US,en;q=0.9"}};

SeeotherProcess& sample_server() {
    static SeeotherProcess server(serve_args({SEEOTHER_SAMPLE_DATA}, "http://example.org/"));
    return server;
}

/// A hub: id/hub is the object of ex:member in 2,500 triples, written to a temporary file.
SeeotherProcess& hub_server() {
    // Removed at exit, after the server (a later static) has stopped.
    struct TempDir {
        std::string path;
        ~TempDir() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    };
    static const TempDir dir = [] {
        char name[] = "/tmp/seeother-e2e-hub-XXXXXX";
        if (!::mkdtemp(name))
            throw std::runtime_error("mkdtemp failed");
        std::ofstream out(std::string(name) + "/hub.ttl");
        out << "@prefix ex: <http://hub.test/vocab#> .\n"
               "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
               "<http://hub.test/id/hub> rdfs:label \"The hub\"@en .\n";
        for (int i = 0; i < 2500; ++i)
            out << "<http://hub.test/id/m" << i << "> a ex:Member ; rdfs:label \"Member " << i
                << "\" ; ex:member <http://hub.test/id/hub> .\n";
        return TempDir{name};
    }();
    static SeeotherProcess server(serve_args({dir.path + "/hub.ttl"}, "http://hub.test/"));
    return server;
}

std::string header(const httplib::Result& res, const char* name) {
    return res->get_header_value(name);
}

} // namespace

TEST_CASE("the home page of the sample shows its classes and a search box", "[browse]") {
    auto res = client(sample_server()).Get("/", browser);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(header(res, "Content-Type") == "text/html; charset=utf-8");
    CHECK_THAT(header(res, "Content-Security-Policy"), Contains("default-src 'none'"));
    CHECK(header(res, "Access-Control-Allow-Origin") == "*");
    CHECK_THAT(res->body, Contains("Classes"));
    CHECK_THAT(res->body, Contains(">Trail</a>"));
    CHECK_THAT(res->body, Contains("action=\"" + origin(sample_server()) + "/search\""));
}

TEST_CASE("search over HTTP ignores case and accents", "[browse]") {
    auto res = client(sample_server()).Get("/search?q=GENEVE", browser);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_THAT(res->body, Contains("href=\"" + origin(sample_server()) + "/id/gen%C3%A8ve\""));
    auto head = client(sample_server()).Head("/search?q=lake", browser);
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
}

TEST_CASE("a description page follows Accept-Language, with its own ETag", "[browse]") {
    auto c = client(sample_server());
    auto en = c.Get("/doc/gen%C3%A8ve", browser);
    auto fr = c.Get("/doc/gen%C3%A8ve", {{"Accept", "text/html"}, {"Accept-Language", "fr"}});
    REQUIRE(en);
    REQUIRE(fr);
    CHECK_THAT(en->body, Contains("<title>Geneva</title>"));
    CHECK_THAT(fr->body, Contains("<title>Genève</title>"));
    CHECK(header(en, "ETag") != header(fr, "ETag"));
    CHECK_THAT(header(en, "Vary"), Contains("Accept-Language"));
    auto again = c.Get("/doc/gen%C3%A8ve", {{"Accept", "text/html"},
                                            {"Accept-Language", "fr"},
                                            {"If-None-Match", header(fr, "ETag")}});
    REQUIRE(again);
    CHECK(again->status == 304);
    auto forced = c.Get("/doc/gen%C3%A8ve?lang=fr", browser);
    REQUIRE(forced);
    CHECK_THAT(forced->body, Contains("<title>Genève</title>"));
}

TEST_CASE("the sample's pages show images, folded long text, lists and backlinks", "[browse]") {
    auto c = client(sample_server());
    auto geneva = c.Get("/doc/gen%C3%A8ve", browser);
    REQUIRE(geneva);
    CHECK_THAT(geneva->body, Contains("<img src=\"https://commons.wikimedia.org/"));
    CHECK_THAT(geneva->body, Contains("alt=\"Image of Geneva\""));
    CHECK_THAT(geneva->body, Contains("Referenced by"));
    auto lake = c.Get("/doc/lake-geneva", browser);
    REQUIRE(lake);
    CHECK_THAT(lake->body, Contains("<details class=\"long\""));
    auto lavaux = c.Get("/doc/trail/lavaux", browser);
    REQUIRE(lavaux);
    CHECK_THAT(lavaux->body, Contains("<ol class=\"list\"><li><span class=\"lit\">Lutry</span>"));
    CHECK_THAT(lavaux->body, Contains("<script type=\"application/ld+json\">"));
}

TEST_CASE("class pages and the class list answer over HTTP", "[browse]") {
    auto c = client(sample_server());
    auto trail =
        c.Get("/class?iri=" + std::string("http%3A%2F%2Fexample.org%2Fvocab%23Trail"), browser);
    REQUIRE(trail);
    CHECK(trail->status == 200);
    CHECK_THAT(trail->body, Contains("2 things have this type."));
    auto classes = c.Get("/classes", browser);
    REQUIRE(classes);
    CHECK(classes->status == 200);
}

TEST_CASE("the sitemap and VoID are served for machines", "[browse]") {
    auto c = client(sample_server());
    auto sitemap = c.Get("/sitemap.xml");
    REQUIRE(sitemap);
    CHECK(sitemap->status == 200);
    CHECK(header(sitemap, "Content-Type") == "application/xml; charset=utf-8");
    CHECK_THAT(sitemap->body, Contains("<loc>" + origin(sample_server()) + "/doc/alice</loc>"));
    CHECK_THAT(sitemap->body, Contains("<loc>" + origin(sample_server()) + "/vocab</loc>"));

    auto turtle = c.Get("/.well-known/void");
    REQUIRE(turtle);
    CHECK(header(turtle, "Content-Type") == "text/turtle; charset=utf-8");
    CHECK_THAT(turtle->body, Contains("void:Dataset"));
    CHECK_THAT(turtle->body, Contains("void:uriSpace \"" + origin(sample_server()) + "/\""));
    auto html = c.Get("/.well-known/void", browser);
    REQUIRE(html);
    CHECK(header(html, "Content-Type") == "text/html; charset=utf-8");
}

TEST_CASE("a hub with 2,500 backlinks is paged with next and previous links", "[browse]") {
    auto c = client(hub_server());
    auto first = c.Get("/doc/hub", browser);
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK_THAT(first->body, Contains("Referenced by <small>(2,500)</small>"));
    CHECK_THAT(first->body, Contains("Page 1 of 25"));
    auto second = c.Get("/doc/hub?page=2", browser);
    REQUIRE(second);
    CHECK_THAT(second->body, Contains("<link rel=\"prev\" href=\"?page=1\">"));
    CHECK_THAT(second->body, Contains("<link rel=\"next\" href=\"?page=3\">"));
    CHECK_THAT(second->body, Contains("Showing 101&ndash;200 of 2,500."));
    auto last = c.Get("/doc/hub?page=25", browser);
    REQUIRE(last);
    CHECK(last->status == 200);
    CHECK(last->body.find("rel=\"next\"") == std::string::npos);
    auto past = c.Get("/doc/hub?page=26", browser);
    REQUIRE(past);
    CHECK(past->status == 404);
    auto members = c.Get("/class?iri=http%3A%2F%2Fhub.test%2Fvocab%23Member&page=25", browser);
    REQUIRE(members);
    CHECK(members->status == 200);
    CHECK_THAT(members->body, Contains("<ol start=\"2401\">"));
}

TEST_CASE("the README's percent-encoded UTF-8 examples are described in the sample", "[browse]") {
    auto c = client(sample_server());
    CHECK(c.Get("/id/gen%C3%A8ve")->status == 303);
    CHECK(c.Get("/id/caf%C3%A9-du-lac")->status == 303);
}

TEST_CASE("the publisher's title, licence, publisher and dumps are in the VoID description",
          "[browse][void]") {
    SeeotherProcess server(serve_args(
        {SEEOTHER_SAMPLE_DATA}, "http://example.org/",
        {"--public-url", "http://example.org/", "--title", "Léman trails", "--license",
         "https://creativecommons.org/licenses/by/4.0/", "--publisher", "Léman Open Data Lab",
         "--dump", "/dumps/all.nt.gz", "--dump", "https://mirror.test/all.ttl"}));
    const auto body = client(server).Get("/.well-known/void.nt")->body;
    const std::string dataset = "<http://example.org/.well-known/void#dataset> ";
    CHECK_THAT(body, Contains(dataset + "<http://purl.org/dc/terms/title> \"Léman trails\" ."));
    CHECK_THAT(body, !Contains("Linked Data at"));
    CHECK_THAT(body, Contains(dataset + "<http://purl.org/dc/terms/license> "
                                        "<https://creativecommons.org/licenses/by/4.0/> ."));
    CHECK_THAT(body, Contains("<http://xmlns.com/foaf/0.1/name> \"Léman Open Data Lab\" ."));
    CHECK_THAT(body, Contains(dataset + "<http://rdfs.org/ns/void#dataDump> "
                                        "<http://example.org/dumps/all.nt.gz> ."));
    CHECK_THAT(body, Contains(dataset + "<http://rdfs.org/ns/void#dataDump> "
                                        "<https://mirror.test/all.ttl> ."));
}
