#include "server/cli/config.hpp"
#include "server/cli/options.hpp"

#include <catch2/catch.hpp>

using seeother::server::Options;
using seeother::server::parse_options;
using seeother::server::UsageError;

namespace {

Options parse(std::vector<const char*> args) {
    args.insert(args.begin(), "seeother");
    return parse_options(static_cast<int>(args.size()), args.data());
}

} // namespace

TEST_CASE("no arguments serve the sample with its base on 127.0.0.1:8080", "[options]") {
    const auto options = parse({});
    CHECK(options.data.empty());
    CHECK(options.base == "http://example.org/");
    CHECK(options.host == "127.0.0.1");
    CHECK(options.port == 8080);
    CHECK_FALSE(options.public_url);
}

TEST_CASE("the contract's command line is understood", "[options]") {
    const auto options =
        parse({"--data", "a.ttl", "--data", "dir", "--base", "http://example.org/x", "--listen",
               "0.0.0.0:0", "--public-url", "https://pub.example", "--trust-proxy"});
    CHECK(options.data == std::vector<std::string>{"a.ttl", "dir"});
    CHECK(options.base == "http://example.org/x/");
    CHECK(options.host == "0.0.0.0");
    CHECK(options.port == 0);
    CHECK(options.public_url == "https://pub.example/");
    CHECK(options.trust_proxy);
}

TEST_CASE("the --flag=value form works like --flag value", "[options]") {
    const auto options = parse({"--data=a.nt", "--base=http://e/", "--listen=[::1]:9000"});
    CHECK(options.data == std::vector<std::string>{"a.nt"});
    CHECK(options.host == "::1");
    CHECK(options.port == 9000);
}

TEST_CASE("bad command lines are usage errors that name the argument", "[options]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(parse({"--frobnicate"}), Contains("--frobnicate"));
    CHECK_THROWS_WITH(parse({"--data"}), Contains("--data needs a value"));
    CHECK_THROWS_WITH(parse({"--data", "x.ttl"}), Contains("--base"));
    CHECK_THROWS_WITH(parse({"--base", "example.org"}), Contains("http://"));
    CHECK_THROWS_WITH(parse({"--listen", "8080"}), Contains("HOST:PORT"));
    CHECK_THROWS_WITH(parse({"--listen", "a:70000"}), Contains("70000"));
    CHECK_THROWS_WITH(parse({"--threads", "0"}), Contains("--threads"));
    CHECK_THROWS_WITH(parse({"--max-age", "soon"}), Contains("soon"));
    CHECK_THROWS_AS(parse({"--trust-proxy=yes"}), UsageError);
}

TEST_CASE("the --help and --version options are flags", "[options]") {
    CHECK(parse({"--help"}).help);
    CHECK(parse({"--version"}).version);
    CHECK(seeother::server::usage().find("--data PATH") != std::string::npos);
}

TEST_CASE("timeouts, limits and the cache are configurable", "[options]") {
    const auto options = parse({"--read-timeout", "7", "--write-timeout", "9", "--threads", "8",
                                "--max-connections", "100", "--keep-alive-timeout", "2",
                                "--cache-mb", "0", "--access-log", "-", "--watch"});
    CHECK(options.read_timeout == 7);
    CHECK(options.write_timeout == 9);
    CHECK(options.threads == 8);
    CHECK(options.max_connections == 100);
    CHECK(options.keep_alive_timeout == 2);
    CHECK(options.cache_mb == 0);
    CHECK(options.access_log == "-");
    CHECK(options.watch);
    CHECK_THROWS_AS(parse({"--read-timeout", "0"}), UsageError);
}

TEST_CASE("the --layout option chooses a named layout and changes its prefixes",
          "[options][layout]") {
    using seeother::server::Layout;
    const auto dbpedia = parse({"--data", "a.ttl", "--base", "http://e/", "--layout", "dbpedia"});
    REQUIRE(dbpedia.namespaces.size() == 1);
    CHECK(dbpedia.namespaces[0].path == "/");
    CHECK(dbpedia.namespaces[0].layout == Layout{"resource/", "page/", "data/"});
    const auto slash =
        parse({"--data", "a.ttl", "--base", "http://e/", "--layout", "slash,data=about/"});
    CHECK(slash.namespaces[0].layout == Layout{"", "about/", "about/"});
    const auto own = parse({"--data", "a.ttl", "--base", "http://e/", "--layout",
                            "things=thing/,pages=page/,data=rdf/"});
    CHECK(own.namespaces[0].layout == Layout{"thing/", "page/", "rdf/"});
    // The default is the contract's.
    CHECK(parse({}).namespaces[0].layout == Layout{"id/", "doc/", "doc/"});
}

TEST_CASE("bad layouts are usage errors that say what would work", "[options][layout]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(parse({"--base", "http://e/", "--layout", "pubby"}),
                      Contains("id, dbpedia, slash"));
    CHECK_THROWS_WITH(parse({"--base", "http://e/", "--layout", "slash,data=/abs/"}),
                      Contains("relative path"));
    CHECK_THROWS_WITH(parse({"--base", "http://e/", "--layout", "things=x/,data=x/y/"}),
                      Contains("overlap"));
    CHECK_THROWS_WITH(parse({"--base", "http://e/", "--layout", "slash,data=.well-known/"}),
                      Contains("own pages"));
    CHECK_THROWS_WITH(parse({"--base", "http://e/", "--layout", "id,frobs=x/"}), Contains("frobs"));
}

TEST_CASE("several --base are several namespaces, each at its IRI's path", "[options][layout]") {
    using Catch::Matchers::Contains;
    const auto options = parse({"--data", "a.ttl", "--base", "http://q.test/vocab/unit/", "--base",
                                "http://q.test/vocab/quantitykind/", "--keep-iris"});
    REQUIRE(options.namespaces.size() == 2);
    CHECK(options.namespaces[0].path == "/vocab/unit/");
    CHECK(options.namespaces[1].path == "/vocab/quantitykind/");
    CHECK(options.base == "http://q.test/vocab/unit/");
    CHECK(options.keep_iris);
    CHECK_THROWS_WITH(parse({"--base", "http://a.test/", "--base", "http://b.test/"}),
                      Contains("both served at /"));
    CHECK_THROWS_WITH(parse({"--base", "http://a.test/", "--base", "http://a.test/"}),
                      Contains("given twice"));
}

TEST_CASE("a config file names namespaces, paths and layouts, errors name the place",
          "[options][layout]") {
    using Catch::Matchers::Contains;
    using seeother::server::parse_config;
    const auto config = parse_config(R"(keep-iris = true
[[namespace]]
base = "http://units.test/vocab/unit"
path = "/unit/"
layout = "slash"
data = "about/"

[[namespace]]
base = "http://dbp.test/"
layout = "dbpedia"
)",
                                     "site.toml");
    CHECK(config.keep_iris == true);
    REQUIRE(config.namespaces.size() == 2);
    CHECK(config.namespaces[0].base == "http://units.test/vocab/unit/");
    CHECK(config.namespaces[0].path == "/unit/");
    CHECK(config.namespaces[0].layout.things.empty());
    CHECK(config.namespaces[0].layout.pages == "about/");
    CHECK(config.namespaces[0].layout.data == "about/");
    CHECK(config.namespaces[1].layout.pages == "page/");

    CHECK_THROWS_WITH(parse_config("[[namespace]]\nbase = 3\n", "a.toml"),
                      Contains("a.toml:2:8: `base` must be a string"));
    CHECK_THROWS_WITH(
        parse_config("[[namespace]]\nbase = \"http://e/\"\nlayout = \"pubby\"\n", "a.toml"),
        Contains("a.toml:3:10: unknown layout 'pubby'"));
    CHECK_THROWS_WITH(parse_config("[[namespace]]\nbase = \"http://e/\n", "a.toml"),
                      Contains("a.toml:2:"));
    CHECK_THROWS_WITH(parse_config("port = 80\n", "a.toml"), Contains("unknown key `port`"));
    CHECK_THROWS_WITH(parse_config("keep-iris = true\n", "a.toml"), Contains("[[namespace]]"));
}

TEST_CASE("the documents' Cache-Control is --cache-control's, a control character is refused",
          "[options]") {
    CHECK(parse({}).cache_control == "max-age=60, must-revalidate");
    CHECK(parse({"--cache-control", "public, max-age=600"}).cache_control == "public, max-age=600");
    CHECK(parse({"--cache-control", ""}).cache_control.empty());
    CHECK_THROWS_AS(parse({"--cache-control", "max-age=1\r\nSet-Cookie: x"}), UsageError);
}

TEST_CASE("the publisher's VoID options are kept, a licence or dump that is no URL is refused",
          "[options]") {
    const auto options = parse({"--title", "T", "--license", "https://l.test/", "--publisher",
                                "https://p.test/", "--dump", "/d.nt", "--dump", "http://m/d"});
    CHECK(options.title == "T");
    CHECK(options.license == "https://l.test/");
    CHECK(options.publisher == "https://p.test/");
    CHECK(options.dumps == std::vector<std::string>{"/d.nt", "http://m/d"});
    CHECK_THROWS_AS(parse({"--license", "CC-BY"}), UsageError);
    CHECK_THROWS_AS(parse({"--dump", "dump.nt"}), UsageError);
}
