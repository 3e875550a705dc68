#include "server/ld/query.hpp"

#include <catch2/catch.hpp>

using seeother::server::parse_form;
using seeother::server::parse_query;
using seeother::server::split_target;

TEST_CASE("query parameters are decoded as an HTML form sends them", "[query]") {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(parse_form("q=lake+gen%C3%A8ve&page=2") == Pairs{{"q", "lake genève"}, {"page", "2"}});
    CHECK(parse_form("a=1+%2B+1&&b&c=") == Pairs{{"a", "1 + 1"}, {"b", ""}, {"c", ""}});
    CHECK(parse_form("") == Pairs{});
    CHECK_FALSE(parse_form("q=%zz"));
    CHECK_FALSE(parse_form("q=%00"));
    CHECK_FALSE(parse_form("q=%FF"));
}

TEST_CASE("query: page, lang, q and iri, with errors for bad pages", "[query]") {
    const auto ok = parse_query("page=3&lang=fr&q=x&iri=http%3A%2F%2Fa%2F&z=1");
    REQUIRE(ok);
    CHECK(ok->page == std::optional<std::size_t>(3));
    CHECK(ok->lang == std::optional<std::string>("fr"));
    CHECK(ok->q == "x");
    CHECK(ok->iri == "http://a/");
    CHECK_FALSE(parse_query("")->page);
    CHECK(parse_query("")->page_or_first() == 1);
    CHECK_FALSE(parse_query("lang=")->lang);
    for (const char* bad : {"page=0", "page=-1", "page=x", "page=", "page=1.5", "page=99999999999",
                            "page=1000000001", "q=%E0"}) {
        CAPTURE(bad);
        const auto parsed = parse_query(bad);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.problem().status == 400);
    }
    CHECK(parse_query("page=1000000000")->page == std::optional<std::size_t>(1000000000));
}

TEST_CASE("only a parameter named page is the page, wherever page= occurs", "[query]") {
    // Each of these contains "page=" without naming the parameter page.
    for (const char* query : {"xpage=2", "q=page%3D2", "q=page=2", "apage=x", "lang=en&mypage=3",
                              "iri=http%3A%2F%2Fa%2F%3Fpage%3D2"}) {
        CAPTURE(query);
        const auto parsed = parse_query(query);
        REQUIRE(parsed);
        CHECK_FALSE(parsed->page);
    }
    CHECK(parse_query("xpage=2&page=3")->page == std::optional<std::size_t>(3));
    CHECK(parse_query("pag%65=2")->page == std::optional<std::size_t>(2));
}

TEST_CASE("a request target splits into path and query, in either form", "[query]") {
    struct Row {
        const char* target;
        const char* path;
        const char* query;
    };
    for (const auto& row :
         {Row{"/doc/x", "/doc/x", ""}, Row{"/doc/x?page=2", "/doc/x", "page=2"},
          Row{"/doc/x?a=1#frag", "/doc/x", "a=1"}, Row{"/doc/x#f?a", "/doc/x", ""},
          Row{"http://h.test/doc/x?q=1", "/doc/x", "q=1"}, Row{"http://h.test", "/", ""},
          Row{"http://h.test?q=a/b", "/", "q=a/b"},
          Row{"/class?iri=http://a/b", "/class", "iri=http://a/b"}, Row{"", "", ""},
          Row{"*", "*", ""}, Row{"/?#", "/", ""}, Row{"/a#b?c#d", "/a", ""},
          Row{"/a/b/c/d/e/f/g/h/i/j?k#l", "/a/b/c/d/e/f/g/h/i/j", "k"}}) {
        CAPTURE(row.target);
        const auto split = split_target(row.target);
        CHECK(split.path == row.path);
        CHECK(split.query == row.query);
    }
}
