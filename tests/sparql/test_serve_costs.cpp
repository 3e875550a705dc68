// What a request costs the endpoint, and how long a reply lasts: the binary in SPARQL mode,
// its queries counted by its own /metrics (seeother_store_queries_total{asked_by="request"}).
// A cold page asks at most the README's number of queries, whatever the number of things it
// links to or that link to it (labels in one batch, backlinks counted in one query: no N+1);
// a cached one asks none; and a change in the endpoint shows once --cache-ttl has passed,
// not before.
#include "sparql_server.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using namespace seeother;
using Catch::Matchers::Contains;

const std::string base = "http://costs.test/";

/// A hub linking to `n` labelled items of a class, each of which links to one popular thing
/// (n backlinks), and a thing with blank nodes nested three deep.
std::string costs_data(int n) {
    std::string text =
        "@prefix ex: <http://costs.test/vocab#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix id: <http://costs.test/id/> .\n"
        "id:hub rdfs:label \"hub\" .\n"
        "id:popular rdfs:label \"popular\" .\n"
        "id:warm rdfs:label \"warm\" .\n"
        "id:nested rdfs:label \"nested\" ; ex:a [ ex:b [ ex:c [ ex:d \"deep\" ] ] ] .\n";
    for (int i = 0; i < n; ++i) {
        const auto item = "id:item" + std::to_string(i);
        text += "id:hub ex:has " + item + " .\n" + item + " a ex:Item ; rdfs:label \"item " +
                std::to_string(i) + "\" ; ex:likes id:popular .\n";
    }
    return text;
}

/// The queries a request for `path` sent to the endpoint (nothing else asks meanwhile).
double queries_of(httplib::Client& client, const std::string& path,
                  const httplib::Headers& headers = {}, int status = 200) {
    const double before = test::request_queries(client);
    const auto res = test::get(client, path, headers);
    INFO(path << ": " << res.status << " " << res.body.substr(0, 300));
    CHECK((res.status == status || (status == 200 && res.status == 303)));
    return test::request_queries(client) - before;
}

} // namespace

TEST_CASE("the binary: a cold page asks the endpoint a bounded number of queries, however many "
          "things it links to, a cached one asks none",
          "[sparql][serve]") {
    test::SeeotherProcess server(test::sparql_args_for(costs_data(60), "costs.ttl", base));
    auto client = test::client_of(server);
    INFO(server.stderr_text());
    // The first description also asks which engine answers (one query, once).
    CHECK(queries_of(client, "/doc/warm.nt") <= 3);

    CHECK(queries_of(client, "/id/item1") == 1);
    CHECK(queries_of(client, "/id/nobody", {}, 404) == 1);
    // Is it described (every reading of the path at once), then the description with its
    // blank-node closure.
    CHECK(queries_of(client, "/doc/item2.ttl") == 2);
    CHECK(queries_of(client, "/doc/item3", {{"Accept", "application/ld+json"}}) == 2);
    CHECK(queries_of(client, "/doc/hub.nt") == 2);
    // Nested blank nodes: one more query at most (a deeper one, or Virtuoso's CBD DESCRIBE).
    CHECK(queries_of(client, "/doc/nested.nt") <= 3);
    // HTML: those two, the labels of all 60 linked things (one query), the backlinks with
    // their counts (one query).
    CHECK(queries_of(client, "/doc/hub.html") <= 4);
    CHECK(queries_of(client, "/doc/popular.html") <= 4);
    // Another format of a described thing asks again (each reply is cached on its own), but
    // the same request, cached, asks nothing.
    CHECK(queries_of(client, "/doc/hub.html") == 0);
    CHECK(queries_of(client, "/doc/hub.nt") == 0);
    CHECK(queries_of(client, "/id/item1") == 0);

    // The pages for people, each after one question: whether the data describes the path
    // itself (the data's own documents come before the built-in pages). Then a page of
    // instances with their number, and their labels; candidate labels, and the labels of
    // the hits; the classes from the kept statistics, plus their labels; the home page,
    // the same; the sitemap: its number of subjects, its page, and whether <base> is one.
    CHECK(queries_of(client, "/class?iri=http%3A%2F%2Fcosts.test%2Fvocab%23Item") <= 3);
    CHECK(queries_of(client, "/search?q=item") <= 3);
    CHECK(queries_of(client, "/classes") <= 2);
    CHECK(queries_of(client, "/") <= 3);
    CHECK(queries_of(client, "/sitemap.xml") <= 4);
}

TEST_CASE("the binary: a change in the endpoint shows once --cache-ttl has passed, not before",
          "[sparql][serve]") {
    const auto graphs =
        test::load_into_engine(costs_data(2), "costs-ttl.ttl", "http://costs-ttl.test/");
    // A graph of its own (loaded under another base: not the first test's graph).
    REQUIRE(graphs.size() == 1);
    test::SeeotherProcess server(
        test::sparql_args(test::shared_engine().endpoint(), graphs, base, {"--cache-ttl", "3"}));
    auto client = test::client_of(server);
    INFO(server.stderr_text());
    const auto before = test::get(client, "/doc/hub.nt");
    REQUIRE(before.status == 200);
    CHECK(test::get(client, "/id/fresh").status == 404);

    test::shared_engine().update("INSERT DATA { GRAPH <" + graphs[0] +
                                 "> { <http://costs.test/id/hub> "
                                 "<http://www.w3.org/2000/01/rdf-schema#comment> \"changed\" . "
                                 "<http://costs.test/id/fresh> "
                                 "<http://www.w3.org/2000/01/rdf-schema#label> \"fresh\" } }");
    // Within --cache-ttl (3 s; the update took less), the kept replies serve, the 404 too.
    CHECK(test::get(client, "/doc/hub.nt").body == before.body);
    CHECK(test::get(client, "/id/fresh").status == 404);

    // After it, both show (polled for at most 30 s; they show after 3).
    const auto after = test::poll(client, "/doc/hub.nt", [](const httplib::Response& res) {
        return res.body.find("changed") != std::string::npos;
    });
    CHECK_THAT(after.body, Contains("\"changed\""));
    CHECK(after.get_header_value("ETag") != before.get_header_value("ETag"));
    CHECK(test::poll(client, "/id/fresh", [](const httplib::Response& res) {
              return res.status == 303;
          }).status == 303);
}

TEST_CASE("the binary: a 303 may be kept by caches at most --cache-ttl, unless --max-age says",
          "[sparql][serve]") {
    // A front end (nginx) keeps a 303 as long as its max-age: no longer than seeother's
    // own cache, so that a thing gone from the endpoint stops redirecting in time.
    const auto args = test::sparql_args_for(costs_data(2), "costs-ttl.ttl", base);
    for (const auto& [extra, expected] :
         {std::pair{std::vector<std::string>{}, "max-age=60"},
          std::pair{std::vector<std::string>{"--cache-ttl", "7"}, "max-age=7"},
          std::pair{std::vector<std::string>{"--cache-ttl", "7200"}, "max-age=3600"},
          std::pair{std::vector<std::string>{"--cache-ttl", "7", "--max-age", "100"},
                    "max-age=100"}}) {
        auto with = args;
        with.insert(with.end(), extra.begin(), extra.end());
        test::SeeotherProcess server(with);
        auto client = test::client_of(server);
        const auto res = test::get(client, "/id/hub");
        CAPTURE(extra);
        CHECK(res.status == 303);
        CHECK(res.get_header_value("Cache-Control") == expected);
    }
}
