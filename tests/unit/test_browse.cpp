// The browsing pages through handle(): home, search, classes, class pages, backlinks and
// paging of a hub, language negotiation, the sitemap and VoID, and their headers.
#include "rdf/sord/load.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using seeother::server::handle;
using seeother::server::Reply;
using seeother::server::Request;
using seeother::server::Site;

namespace {

const char* const browser_accept = "text/html,application/xhtml+xml,*/*;q=0.8";

/// A small data set plus a hub: id/hub is linked to by 250 things, and has 250 values.
std::string data() {
    std::string ttl = R"(
@prefix ex: <http://example.org/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/id/geneva> a ex:City ; rdfs:label "Geneva"@en, "Genève"@fr ;
    rdfs:comment "A city."@en, "Une ville."@fr .
<http://example.org/id/lausanne> a ex:City ; rdfs:label "Lausanne" ;
    ex:near <http://example.org/id/geneva> .
<http://example.org/id/evil> a ex:Thing ; rdfs:label "<script>alert(1)</script>" .
ex:City rdfs:label "City"@en, "Ville"@fr .
<http://example.org/id/hub> a ex:Hub ; rdfs:label "The hub" .
)";
    for (int i = 0; i < 250; ++i) {
        const auto n = std::to_string(i);
        ttl += "<http://example.org/id/p" + n + "> a ex:Person ; rdfs:label \"Person " + n +
               "\" ; ex:member <http://example.org/id/hub> .\n";
        ttl += "<http://example.org/id/hub> ex:value " + n + " .\n";
    }
    return ttl;
}

const seeother::rdf::Store& store() {
    static const auto s = seeother::rdf::load_store_from_string(data(), "browse.ttl");
    return *s;
}

/// A browser's request; `extra` fields replace its own (Accept) or are added.
Reply get(const std::string& target, const seeother::server::Headers& extra = {}) {
    return handle(seeother::test::local_request(
                      target, seeother::test::with_fields({{"Accept", browser_accept}}, extra)),
                  store(), seeother::test::site());
}

} // namespace

TEST_CASE("every HTML page carries the CSP, an ETag and Vary: Accept-Language", "[browse]") {
    for (const char* target :
         {"/", "/doc/geneva", "/search?q=gen", "/classes",
          "/class?iri=http%3A%2F%2Fexample.org%2Fvocab%23City", "/.well-known/void"}) {
        CAPTURE(target);
        const auto reply = get(target);
        CHECK(reply.status == 200);
        CHECK(reply.header("Content-Type") == "text/html; charset=utf-8");
        CHECK_THAT(std::string(reply.header("Content-Security-Policy")),
                   Contains("default-src 'none'"));
        CHECK_FALSE(reply.header("ETag").empty());
        CHECK_THAT(std::string(reply.header("Vary")), Contains("Accept-Language"));
        CHECK_THAT(reply.body, Contains("<!DOCTYPE html>"));
    }
}

TEST_CASE("the home page shows the size, classes with counts and entry points", "[browse]") {
    const auto home = get("/");
    CHECK_THAT(home.body, Contains("triples about"));
    CHECK_THAT(home.body, Contains("<td class=\"n\">250</td>")); // ex:Person
    CHECK_THAT(home.body, Contains(">City</a>"));
    CHECK_THAT(home.body, Contains("class?iri=http%3A%2F%2F127.0.0.1%3A8080%2Fvocab%23City"));
    // The hub is the most referenced thing.
    CHECK_THAT(home.body, Contains(">The hub</a> <small>(250 links)</small>"));
    CHECK_THAT(home.body, Contains("action=\"http://127.0.0.1:8080/search\""));
    CHECK_THAT(home.body, Contains("/.well-known/void"));
    CHECK(get("/?page=2").status == 404);
}

TEST_CASE("Accept-Language chooses labels, and the ETag follows the language", "[browse]") {
    const auto english = get("/doc/geneva", {{"Accept-Language", "en-US,en;q=0.9"}});
    const auto french = get("/doc/geneva", {{"Accept-Language", "fr-CH, fr;q=0.9"}});
    CHECK_THAT(english.body, Contains("<title>Geneva</title>"));
    CHECK_THAT(french.body, Contains("<title>Genève</title>"));
    CHECK(english.header("ETag") != french.header("ETag"));
    CHECK(english.header("Vary") == "Accept, Accept-Language, Accept-Encoding");
    // Labels of linked things follow too.
    CHECK_THAT(get("/doc/lausanne", {{"Accept-Language", "fr"}}).body, Contains(">Genève</a>"));
}

TEST_CASE("?lang= overrides Accept-Language and takes it out of Vary", "[browse]") {
    const auto reply = get("/doc/geneva?lang=fr", {{"Accept-Language", "en"}});
    CHECK_THAT(reply.body, Contains("<title>Genève</title>"));
    CHECK(reply.header("Vary") == "Accept, Accept-Encoding");
    CHECK(get("/doc/geneva?lang=%3Cb%3E").status == 400);
    CHECK_THAT(get("/doc/geneva?lang=").body, Contains("<title>Geneva</title>"));
}

TEST_CASE("RDF representations ignore Accept-Language and do not vary by it", "[browse]") {
    const auto en = get("/doc/geneva", {{"Accept", "text/turtle"}, {"Accept-Language", "en"}});
    const auto fr = get("/doc/geneva", {{"Accept", "text/turtle"}, {"Accept-Language", "fr"}});
    CHECK(en.body == fr.body);
    CHECK(en.header("Vary") == "Accept, Accept-Encoding");
    CHECK(en.header("Content-Security-Policy").empty());
}

TEST_CASE("a hub's backlinks and values are paged, never cut silently", "[browse]") {
    const auto first = get("/doc/hub");
    CHECK_THAT(first.body, Contains("Referenced by <small>(250)</small>"));
    CHECK_THAT(first.body, Contains("250 as <a"));
    CHECK_THAT(first.body, Contains("Showing 1&ndash;100 of 250."));
    CHECK_THAT(first.body, Contains("<link rel=\"next\" href=\"?page=2\">"));
    CHECK_THAT(first.body, Contains("Page 1 of 3"));
    const auto second = get("/doc/hub?page=2");
    CHECK(second.status == 200);
    CHECK_THAT(second.body, Contains("Showing 101&ndash;200 of 250."));
    CHECK_THAT(second.body, Contains("(252 values)"));
    const auto third = get("/doc/hub?page=3");
    CHECK_THAT(third.body, Contains("Showing 201&ndash;250 of 250."));
    CHECK(third.body.find("rel=\"next\"") == std::string::npos);
    CHECK(get("/doc/hub?page=4").status == 404);
    CHECK(get("/doc/hub?page=0").status == 400);
    CHECK(get("/doc/hub?page=two").status == 400);
    // The RDF representations are the whole description, whatever the page.
    CHECK(get("/doc/hub.nt?page=2").body == get("/doc/hub.nt").body);
}

TEST_CASE("search finds labels ignoring case and accents, ranked and paged", "[browse]") {
    const auto geneve = get("/search?q=GENEVE");
    CHECK(geneve.status == 200);
    CHECK_THAT(geneve.body, Contains("1 thing matches"));
    CHECK_THAT(geneve.body, Contains("<mark>"));

    const auto people = get("/search?q=person");
    CHECK_THAT(people.body, Contains("250 things match"));
    CHECK_THAT(people.body, Contains("<link rel=\"next\" href=\"?q=person&amp;page=2\">"));
    // Shorter labels first: "Person 0".."Person 9" before "Person 10".
    CHECK(people.body.find("</mark> 9</a>") < people.body.find("</mark> 10</a>"));
    CHECK(get("/search?q=person&page=13").status == 200);
    CHECK(get("/search?q=person&page=14").status == 404);

    const auto empty = get("/search");
    CHECK(empty.status == 200);
    CHECK_THAT(empty.body, Contains("Finds things whose label"));

    const auto none = get("/search?q=zzzz");
    CHECK(none.status == 200);
    CHECK_THAT(none.body, Contains("0 things match"));
}

TEST_CASE("search escapes the query and the labels it shows", "[browse]") {
    const auto reply = get("/search?q=%3Cscript%3E");
    CHECK(reply.status == 200);
    CHECK(reply.body.find("<script>") == std::string::npos);
    CHECK_THAT(reply.body, Contains("<mark>&lt;script&gt;</mark>alert(1)"));
    CHECK_THAT(reply.body, Contains("value=\"&lt;script&gt;\""));
}

TEST_CASE("a class page lists its instances with paging", "[browse]") {
    const auto page = get("/class?iri=http%3A%2F%2F127.0.0.1%3A8080%2Fvocab%23Person");
    CHECK(page.status == 200);
    CHECK_THAT(page.body, Contains("250 things have this type."));
    CHECK_THAT(page.body, Contains("<ol start=\"1\">"));
    CHECK_THAT(page.body, Contains("rel=\"next\""));
    const auto third = get("/class?iri=http%3A%2F%2F127.0.0.1%3A8080%2Fvocab%23Person&page=3");
    CHECK_THAT(third.body, Contains("<ol start=\"201\">"));
    // The --base form of the class IRI works too.
    CHECK(get("/class?iri=http%3A%2F%2Fexample.org%2Fvocab%23Person").status == 200);
    CHECK(get("/class").status == 400);
    CHECK(get("/class?iri=http%3A%2F%2Fnowhere.test%2FC").status == 404);
}

TEST_CASE("the classes page lists every class by instance count", "[browse]") {
    const auto page = get("/classes");
    CHECK(page.status == 200);
    CHECK(page.body.find("Person") < page.body.find(">City<"));
    CHECK(get("/classes?page=2").status == 404);
}

TEST_CASE("the sitemap lists each document once, home first", "[browse]") {
    const auto reply = get("/sitemap.xml");
    CHECK(reply.status == 200);
    CHECK(reply.header("Content-Type") == "application/xml; charset=utf-8");
    CHECK_THAT(reply.body,
               Contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    CHECK_THAT(reply.body, Contains("<url><loc>http://127.0.0.1:8080/</loc></url>\n"
                                    "<url><loc>http://127.0.0.1:8080/doc/evil</loc></url>"));
    CHECK_THAT(reply.body, Contains("<loc>http://127.0.0.1:8080/vocab</loc>"));
    CHECK(reply.body.find("vocab#") == std::string::npos);
    CHECK_FALSE(reply.header("ETag").empty());
}

TEST_CASE("a sitemap of more than 50,000 URLs becomes an index of sitemaps", "[browse]") {
    std::string nt;
    for (int i = 0; i < 50001; ++i)
        nt += "<http://big.test/id/t" + std::to_string(i) + "> <http://big.test/p> \"x\" .\n";
    const auto big = seeother::rdf::load_store_from_string(nt, "big.nt");
    const Site s = seeother::test::site("http://big.test/");
    auto request = seeother::test::make_request("/sitemap.xml", {{"Host", "big.test"}});
    const auto index = handle(request, *big, s);
    CHECK_THAT(index.body, Contains("<sitemapindex"));
    CHECK_THAT(index.body, Contains("<loc>http://big.test/sitemap.xml?page=2</loc>"));
    CHECK(index.body.find("page=3") == std::string::npos);
    // Only a parameter named page picks one file of the index.
    for (const char* target :
         {"/sitemap.xml?xpage=2", "/sitemap.xml?q=page=2", "/sitemap.xml?lang=en&apage=1"}) {
        CAPTURE(target);
        request.target = target;
        CHECK(handle(request, *big, s).body == index.body);
    }
    request.target = "/sitemap.xml?page=1";
    const auto first = handle(request, *big, s);
    std::size_t urls = 0;
    for (auto at = first.body.find("<url>"); at != std::string::npos;
         at = first.body.find("<url>", at + 1))
        ++urls;
    CHECK(urls == 50000);
    request.target = "/sitemap.xml?page=2";
    const auto second = handle(request, *big, s);
    CHECK_THAT(second.body, Contains("<urlset"));
    CHECK(second.body.find("<url>") != std::string::npos);
    request.target = "/sitemap.xml?page=3";
    CHECK(handle(request, *big, s).status == 404);
}

TEST_CASE("VoID is Turtle by default, with counts, URI space and examples", "[browse]") {
    const auto reply = get("/.well-known/void", {{"Accept", "*/*"}});
    CHECK(reply.status == 200);
    CHECK(reply.header("Content-Type") == "text/turtle; charset=utf-8");
    CHECK(reply.header("Content-Location") == "http://127.0.0.1:8080/.well-known/void.ttl");
    CHECK_THAT(reply.body, Contains("void:Dataset"));
    CHECK_THAT(reply.body, Contains("void:uriSpace \"http://127.0.0.1:8080/\""));
    CHECK_THAT(reply.body, Contains("void:triples " + std::to_string(store().stats().triples)));
    CHECK_THAT(reply.body,
               Contains("void:entities " + std::to_string(store().stats().iri_subjects)));
    CHECK_THAT(reply.body, Contains("void:classes 4"));
    CHECK_THAT(reply.body, Contains("void:exampleResource <http://127.0.0.1:8080/id/geneva> "
                                    ",\n\t\t<http://127.0.0.1:8080/id/hub>"));
    CHECK_THAT(reply.body, Contains("dcterms:title"));
    const auto html = get("/.well-known/void.html", {{"Accept", "text/turtle"}});
    CHECK(html.header("Content-Type") == "text/html; charset=utf-8");
    const auto nt = get("/.well-known/void.nt");
    CHECK_THAT(nt.body, Contains("<http://127.0.0.1:8080/.well-known/void#dataset> "
                                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                                 "<http://rdfs.org/ns/void#Dataset> ."));
}

TEST_CASE("the home page and browsing pages keep ?lang= in their links", "[browse]") {
    const auto home = get("/?lang=fr");
    CHECK_THAT(home.body, Contains(">Ville</a>"));
    CHECK_THAT(home.body, Contains("<input type=\"hidden\" name=\"lang\" value=\"fr\">"));
    CHECK_THAT(home.body, Contains("%23City&amp;lang=fr"));
}

TEST_CASE("a search hit is shown by its matching label in the reader's language", "[browse]") {
    const auto french = get("/search?q=gen", {{"Accept-Language", "fr"}});
    CHECK_THAT(french.body, Contains("><mark>Gen</mark>ève</a>"));
    const auto english = get("/search?q=gen", {{"Accept-Language", "en"}});
    CHECK_THAT(english.body, Contains("><mark>Gen</mark>eva</a>"));
}
