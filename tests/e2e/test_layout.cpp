// URL layouts against the real binary, on fixtures in the shapes publishers have
// (tests/data/layout): a slash vocabulary, a DBpedia-style data set, two namespaces from a
// config file, --keep-iris behind an https proxy, data that describes the server's own paths,
// a hash vocabulary larger than one HTML page, and the replies to browsers and RDF clients at
// / and for what is not there.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace seeother::test;

namespace {

const httplib::Headers browser = {
    {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}};
const httplib::Headers turtle = {{"Accept", "text/turtle"}};

std::string layout_data(const std::string& name) {
    return std::string(SEEOTHER_TEST_DATA) + "/layout/" + name;
}

SeeotherProcess& units_server() {
    static SeeotherProcess server(serve_args(
        {layout_data("units.ttl")}, "http://units.test/vocab/unit/", {"--layout", "slash"}));
    return server;
}

SeeotherProcess& dbpedia_server() {
    static SeeotherProcess server(
        serve_args({layout_data("dbpedia.ttl")}, "http://dbp.test/", {"--layout", "dbpedia"}));
    return server;
}

SeeotherProcess& shadow_server() {
    static SeeotherProcess server(serve_args({layout_data("shadow.ttl")}, "http://shadow.test/"));
    return server;
}

std::string header(const httplib::Result& res, const char* name) {
    return res->get_header_value(name);
}

} // namespace

TEST_CASE("a slash vocabulary: every IRI under the base is a thing, 303 to its document",
          "[layout]") {
    auto c = client(units_server());
    const auto o = origin(units_server());
    auto see = c.Get("/M", turtle);
    REQUIRE(see);
    CHECK(see->status == 303);
    CHECK(header(see, "Location") == o + "/doc/M");
    auto doc = c.Get("/doc/M.ttl");
    REQUIRE(doc);
    CHECK(doc->status == 200);
    CHECK_THAT(doc->body, Contains("<" + o + "/doc/M>"));
    CHECK_THAT(doc->body, Contains("\"Metre\"@en"));
    CHECK(c.Get("/doc/M.nt")->status == 200);
    CHECK(c.Get("/Nothing")->status == 404);
}

TEST_CASE("a namespace root document has format URLs that exist, never /.ttl", "[layout]") {
    auto c = client(units_server());
    const auto o = origin(units_server());
    auto root = c.Get("/", turtle);
    REQUIRE(root);
    CHECK(root->status == 200);
    CHECK_THAT(root->body, Contains("owl:Ontology"));
    CHECK(header(root, "Content-Location") == o + "/index.ttl");
    const auto link = header(root, "Link");
    CHECK_THAT(link, Contains("<" + o + "/index.nt>"));
    CHECK(link.find(o + "/.") == std::string::npos);
    for (const char* path :
         {"/index.ttl", "/index.nt", "/index.rdf", "/index.jsonld", "/index.html"}) {
        CAPTURE(path);
        CHECK(c.Get(path)->status == 200);
    }
    auto html = c.Get("/index.html");
    CHECK(html->body.find("href=\"" + o + "/.ttl\"") == std::string::npos);
}

TEST_CASE("subjects outside every base are counted at start and kept out of search and VoID",
          "[layout]") {
    CHECK_THAT(units_server().stderr_text(),
               Contains("1 subject IRI lies outside every --base and is not served"));
    auto c = client(units_server());
    // qudt:Unit is labelled "Unit (outside the namespace)": loaded, but not served here.
    auto search = c.Get("/.well-known/seeother/search?q=outside", browser);
    REQUIRE(search);
    CHECK(search->status == 200);
    CHECK(search->body.find("units.test/schema") == std::string::npos);
    auto found = c.Get("/.well-known/seeother/search?q=metre", browser);
    CHECK_THAT(found->body, Contains("/M\""));
    auto void_ttl = c.Get("/.well-known/void.ttl");
    REQUIRE(void_ttl);
    CHECK_THAT(void_ttl->body, Contains("void:entities 4"));
    auto home = c.Get("/.well-known/seeother/", browser);
    CHECK_THAT(home->body, Contains("about 4 things"));
}

TEST_CASE("a DBpedia layout: /resource/X to /page/X for people and /data/X for machines",
          "[layout]") {
    auto c = client(dbpedia_server());
    const auto o = origin(dbpedia_server());
    auto people = c.Get("/resource/Berlin", browser);
    REQUIRE(people);
    CHECK(people->status == 303);
    CHECK(header(people, "Location") == o + "/page/Berlin");
    CHECK_THAT(header(people, "Vary"), Contains("Accept"));
    auto machines = c.Get("/resource/Berlin", turtle);
    CHECK(machines->status == 303);
    CHECK(header(machines, "Location") == o + "/data/Berlin");

    auto page = c.Get("/page/Berlin", turtle); // the page is HTML whatever Accept says
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK_THAT(header(page, "Content-Type"), StartsWith("text/html"));
    CHECK_THAT(header(page, "Link"), Contains("<" + o + "/data/Berlin.ttl>"));
    CHECK_THAT(page->body, Contains("href=\"" + o + "/data/Berlin.ttl\""));

    auto data = c.Get("/data/Berlin", turtle);
    REQUIRE(data);
    CHECK(data->status == 200);
    CHECK(header(data, "Content-Location") == o + "/data/Berlin.ttl");
    CHECK_THAT(data->body, Contains("<" + o + "/data/Berlin>"));
    CHECK_THAT(header(data, "Link"), Contains("<" + o + "/page/Berlin>"));
    CHECK(c.Get("/data/Berlin.jsonld")->status == 200);
    // A thing whose own name ends in .ttl keeps it: /data/Data.ttl is its document.
    auto dotted = c.Get("/data/Data.ttl", turtle);
    CHECK(dotted->status == 200);
    CHECK_THAT(dotted->body, Contains("A thing whose name ends in .ttl"));
    CHECK(c.Get("/resource/Nowhere", turtle)->status == 404);
}

TEST_CASE("a config file serves several namespaces, each with its layout and path", "[layout]") {
    SeeotherProcess server({"--data", layout_data("units.ttl"), "--data",
                            layout_data("dbpedia.ttl"), "--config", layout_data("two.toml"),
                            "--listen", "127.0.0.1:0"});
    auto c = client(server);
    const auto o = origin(server);
    auto unit = c.Get("/unit/M", turtle);
    REQUIRE(unit);
    CHECK(unit->status == 303);
    CHECK(header(unit, "Location") == o + "/unit/doc/M");
    auto unit_doc = c.Get("/unit/doc/M.ttl");
    CHECK(unit_doc->status == 200);
    CHECK_THAT(unit_doc->body, Contains("<" + o + "/unit/>"));
    auto city = c.Get("/resource/Berlin", turtle);
    CHECK(city->status == 303);
    CHECK(header(city, "Location") == o + "/data/Berlin");
    CHECK(c.Get("/unit/index.ttl")->status == 200);
}

TEST_CASE("a config file with an unknown key stops startup naming file, line and column",
          "[layout]") {
    SeeotherProcess server({"--data", layout_data("units.ttl"), "--config", layout_data("bad.toml"),
                            "--listen", "127.0.0.1:0"},
                           false);
    const auto exit = server.wait(std::chrono::seconds(5));
    CHECK(exit.exited);
    CHECK(exit.code == 2);
    CHECK_THAT(server.stderr_text(), Contains("bad.toml:3:"));
    CHECK_THAT(server.stderr_text(), Contains("layuot"));
}

TEST_CASE("with --keep-iris behind an https proxy, bodies keep the data's IRIs, links lead here",
          "[layout][proxy]") {
    SeeotherProcess server(serve_args({layout_data("units.ttl")}, "http://units.test/vocab/unit/",
                                      {"--layout", "slash", "--keep-iris", "--trust-proxy"}));
    auto c = client(server);
    const httplib::Headers proxied = {{"X-Forwarded-Proto", "https"},
                                      {"X-Forwarded-Host", "units.example"},
                                      {"Accept", "text/turtle"}};
    auto see = c.Get("/M", proxied);
    REQUIRE(see);
    CHECK(see->status == 303);
    CHECK(header(see, "Location") == "https://units.example/doc/M");
    auto doc = c.Get("/doc/M", proxied);
    REQUIRE(doc);
    CHECK_THAT(doc->body, Contains("@prefix unit: <http://units.test/vocab/unit/>"));
    CHECK_THAT(doc->body, Contains("<https://units.example/doc/M>"));
    CHECK(doc->body.find("https://units.example/M") == std::string::npos);
    httplib::Headers html = proxied;
    html.erase("Accept");
    html.emplace("Accept", "text/html");
    auto page = c.Get("/doc/M", html);
    REQUIRE(page);
    // Shown as the data has it, linked to this server.
    CHECK_THAT(page->body, Contains("href=\"https://units.example/M-PER-SEC\""));
    CHECK_THAT(page->body, Contains(">http://units.test/vocab/unit/M<"));

    // Without --keep-iris (the default) the same request rewrites the base.
    auto rewritten = client(units_server())
                         .Get("/doc/M", {{"Host", "units.example"}, {"Accept", "text/turtle"}});
    CHECK_THAT(rewritten->body, Contains("@prefix unit: <http://units.example/>"));
}

TEST_CASE("the server's own pages stay reachable when the data describes their paths", "[layout]") {
    auto c = client(shadow_server());
    const auto o = origin(shadow_server());
    // The data wins at the short paths...
    auto root = c.Get("/", browser);
    REQUIRE(root);
    CHECK_THAT(root->body, Contains("The shadow site&#39;s own root"));
    auto classes = c.Get("/classes", browser);
    CHECK_THAT(classes->body, Contains("classes, a property of the data"));
    // ...and the reserved paths are always the server's, linked from every page.
    CHECK_THAT(root->body, Contains("href=\"" + o + "/.well-known/seeother/\""));
    CHECK_THAT(root->body, Contains("action=\"" + o + "/.well-known/seeother/search\""));
    auto home = c.Get("/.well-known/seeother/", browser);
    REQUIRE(home);
    CHECK(home->status == 200);
    CHECK_THAT(home->body, Contains("Find a thing"));
    // The site's name in the bar leads to the server's home, not to the data's root.
    CHECK_THAT(home->body, Contains("class=\"site\" href=\"" + o + "/.well-known/seeother/\""));
    auto list = c.Get("/.well-known/seeother/classes", browser);
    CHECK(list->status == 200);
    CHECK_THAT(list->body, Contains("Document"));
    auto search = c.Get("/.well-known/seeother/search?q=ordinary", browser);
    CHECK(search->status == 200);
    CHECK_THAT(search->body, Contains("/id/x\""));
    // A 404 under id/ (whose resolving asks nothing about the own pages) links them right.
    auto missing = c.Get("/id/nothing", browser);
    CHECK(missing->status == 404);
    CHECK_THAT(missing->body, Contains("action=\"" + o + "/.well-known/seeother/search\""));
    // The root document's format URLs exist.
    CHECK(header(c.Get("/", turtle), "Content-Location") == o + "/index.ttl");
    CHECK(c.Get("/index.ttl")->status == 200);
}

TEST_CASE("a 404 for a browser is a page with a search box and a link home", "[layout]") {
    auto c = client(fixture_server());
    const auto o = origin(fixture_server());
    auto page = c.Get("/id/no-such-thing", browser);
    REQUIRE(page);
    CHECK(page->status == 404);
    CHECK_THAT(header(page, "Content-Type"), StartsWith("text/html"));
    CHECK_THAT(page->body, Contains("<form class=\"search\""));
    CHECK_THAT(page->body, Contains("href=\"" + o + "/\""));
    auto text = c.Get("/id/no-such-thing", turtle);
    CHECK(text->status == 404);
    CHECK_THAT(header(text, "Content-Type"), StartsWith("text/plain"));
}

TEST_CASE("GET / with an RDF Accept is the data set's VoID description", "[layout]") {
    auto c = client(fixture_server());
    auto rdf = c.Get("/", turtle);
    REQUIRE(rdf);
    CHECK(rdf->status == 200);
    CHECK_THAT(header(rdf, "Content-Type"), StartsWith("text/turtle"));
    CHECK_THAT(rdf->body, Contains("void:Dataset"));
    CHECK_THAT(header(rdf, "Vary"), Contains("Accept"));
    auto html = c.Get("/", browser);
    CHECK_THAT(header(html, "Content-Type"), StartsWith("text/html"));
    auto any = c.Get("/"); // no Accept: the home page, as before
    CHECK_THAT(header(any, "Content-Type"), StartsWith("text/html"));
}

TEST_CASE("every term of a hash vocabulary larger than a page is reachable from page 1",
          "[layout]") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("seeother-e2e-hash-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / "vocab.ttl");
        out << "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
               "<http://hash.test/vocab> rdfs:label \"A large hash vocabulary\" .\n";
        for (int i = 0; i < 300; ++i) {
            char name[16]; // room for any int: -O1 cannot tell i stays below 1000
            std::snprintf(name, sizeof name, "t%03d", i);
            out << "<http://hash.test/vocab#" << name << "> rdfs:label \"Term " << i << "\" .\n";
        }
    }
    {
        SeeotherProcess server(serve_args({(dir / "vocab.ttl").string()}, "http://hash.test/"));
        auto page = client(server).Get("/vocab", browser);
        REQUIRE(page);
        CHECK(page->status == 200);
        // Terms on page 1 have their section; the rest an entry in the contents.
        CHECK_THAT(page->body, Contains("id=\"t000\""));
        CHECK_THAT(page->body, Contains("id=\"t299\""));
        CHECK_THAT(page->body, Contains("href=\"?page=2#t299\""));
        auto second = client(server).Get("/vocab?page=2", browser);
        CHECK_THAT(second->body, Contains("id=\"t299\""));
    }
    std::filesystem::remove_all(dir);
}
