// Layouts and namespaces as values (server/ld/layout.hpp): the named layouts, what makes a
// layout or a set of namespaces invalid, where a path or an IRI belongs, and how one request
// names IRIs and links, with and without --keep-iris.
#include "server/ld/layout.hpp"

#include <catch2/catch.hpp>

using namespace seeother::server;
using Catch::Matchers::Contains;

namespace {

Namespace space_of(std::string base, std::string path, Layout layout = {}) {
    Namespace space;
    space.base = std::move(base);
    space.path = std::move(path);
    space.layout = std::move(layout);
    return space;
}

} // namespace

TEST_CASE("the named layouts are the default, DBpedia's and every IRI a thing", "[layout]") {
    CHECK(named_layout("id") == Layout{"id/", "doc/", "doc/"});
    CHECK(named_layout("dbpedia") == Layout{"resource/", "page/", "data/"});
    CHECK(named_layout("slash") == Layout{"", "doc/", "doc/"});
    CHECK_FALSE(named_layout("pubby"));
    CHECK(named_layout("dbpedia")->split());
    CHECK_FALSE(named_layout("id")->split());
}

TEST_CASE("a layout's prefixes are relative paths of their own, outside the server's", "[layout]") {
    CHECK_FALSE(check_layout(Layout{}));
    CHECK_THAT(*check_layout(Layout{"id/", "", ""}), Contains("must not be empty"));
    CHECK_THAT(*check_layout(Layout{"id", "doc/", "doc/"}), Contains("ending in '/'"));
    CHECK_THAT(*check_layout(Layout{"id/", "../doc/", "../doc/"}), Contains("relative path"));
    CHECK_THAT(*check_layout(Layout{"a/", "a/b/", "a/b/"}), Contains("overlap"));
    CHECK_THAT(*check_layout(Layout{"x/", "x/", "x/"}), Contains("prefixes of their own"));
    CHECK_THAT(*check_layout(Layout{"", ".well-known/seeother/d/", ".well-known/seeother/d/"}),
               Contains("own pages"));
}

TEST_CASE("namespaces need bases and paths of their own", "[layout]") {
    CHECK_FALSE(check_namespaces({space_of("http://a/", "/"), space_of("http://a/b/", "/b/")}));
    CHECK_THAT(*check_namespaces({}), Contains("--base"));
    CHECK_THAT(*check_namespaces({space_of("http://a/", "/"), space_of("http://b/", "/")}),
               Contains("both served at /"));
    CHECK_THAT(*check_namespaces({space_of("http://a/", "/x/"), space_of("http://a/", "/y/")}),
               Contains("given twice"));
    CHECK_THAT(*check_namespaces({space_of("http://a/", "x/")}), Contains("start and end"));
    CHECK_THAT(*check_namespaces({space_of("http://a/", "/.well-known/seeother/a/")}),
               Contains("own pages"));
}

TEST_CASE("paths and IRIs belong to the namespace with the longest match", "[layout]") {
    const Namespaces spaces{space_of("http://dbp.test/", "/"),
                            space_of("http://dbp.test/ontology/", "/ontology/")};
    CHECK(namespace_of_path(spaces, "resource/Berlin") == 0u);
    CHECK(namespace_of_path(spaces, "ontology/City") == 1u);
    CHECK(namespace_of_path({space_of("http://u/", "/unit/")}, "other") == std::nullopt);
    CHECK(iri_path("http://qudt.org/vocab/unit/") == "/vocab/unit/");
    CHECK(iri_path("http://qudt.org") == "/");
    CHECK(root_iri(spaces) == "http://dbp.test/");
    CHECK(root_iri({space_of("http://qudt.org/vocab/unit/", "/vocab/unit/")}) ==
          "http://qudt.org/");
    const PublicSpace space(spaces, "https://pub.test/", false);
    CHECK(space.owner("http://dbp.test/ontology/City") == 1u);
    CHECK(space.owner("http://dbp.test/resource/Berlin") == 0u);
    CHECK(space.owner("http://elsewhere.test/x") == std::nullopt);
}

TEST_CASE("a request names IRIs by public URLs, or as the data has them with --keep-iris",
          "[layout]") {
    const Namespaces spaces{space_of("http://units.test/vocab/unit/", "/unit/")};
    const PublicSpace published(spaces, "https://pub.test/", false);
    CHECK(published.url_of(spaces[0]) == "https://pub.test/unit/");
    CHECK(published.to_shown().rewrite("http://units.test/vocab/unit/M") ==
          "https://pub.test/unit/M");
    CHECK(published.to_data().rewrite("https://pub.test/unit/M") ==
          "http://units.test/vocab/unit/M");
    CHECK(published.to_url().rewrite("https://pub.test/unit/M") == "https://pub.test/unit/M");

    const PublicSpace kept(spaces, "https://pub.test/", true);
    CHECK(kept.to_shown().rewrite("http://units.test/vocab/unit/M") ==
          "http://units.test/vocab/unit/M");
    CHECK(kept.to_url().rewrite("http://units.test/vocab/unit/M") == "https://pub.test/unit/M");
    CHECK(kept.to_url().rewrite("http://schema.org/Person") == "http://schema.org/Person");
}
