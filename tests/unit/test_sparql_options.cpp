// The SPARQL-mode options of the contract's Additions: --sparql, --sparql-graph,
// --sparql-auth, --sparql-timeout, --cache-ttl.
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

TEST_CASE("SPARQL mode: --sparql and its options are understood", "[options][sparql-options]") {
    const auto options =
        parse({"--sparql", "https://dbpedia.example/sparql", "--base", "http://dbpedia.example/",
               "--sparql-graph", "http://g/1", "--sparql-graph=http://g/2", "--sparql-auth",
               "/etc/seeother/auth", "--sparql-timeout", "30", "--cache-ttl", "120"});
    CHECK(options.sparql == "https://dbpedia.example/sparql");
    CHECK(options.data.empty());
    CHECK(options.base == "http://dbpedia.example/");
    CHECK(options.sparql_graphs == std::vector<std::string>{"http://g/1", "http://g/2"});
    CHECK(options.sparql_auth == "/etc/seeother/auth");
    CHECK(options.sparql_timeout == 30);
    CHECK(options.cache_ttl == 120);
}

TEST_CASE("SPARQL mode has documented defaults", "[options][sparql-options]") {
    const auto options = parse({"--sparql", "http://127.0.0.1:8890/sparql", "--base", "http://e/"});
    CHECK(options.sparql_graphs.empty());
    CHECK(options.sparql_auth.empty());
    CHECK(options.sparql_timeout == 10);
    CHECK(options.cache_ttl == 60);
}

TEST_CASE("SPARQL options that cannot be obeyed are usage errors", "[options][sparql-options]") {
    using Catch::Contains;
    CHECK_THROWS_WITH(parse({"--sparql", "http://e/sparql"}), Contains("--base"));
    CHECK_THROWS_WITH(parse({"--sparql", "ftp://e/sparql", "--base", "http://e/"}),
                      Contains("http:// or https://"));
    CHECK_THROWS_WITH(
        parse({"--sparql", "http://e/sparql", "--data", "a.ttl", "--base", "http://e/"}),
        Contains("exclude each other"));
    CHECK_THROWS_WITH(parse({"--sparql", "http://e/sparql", "--base", "http://e/", "--watch"}),
                      Contains("--watch"));
    CHECK_THROWS_WITH(parse({"--sparql-graph", "http://g/1"}), Contains("needs --sparql"));
    CHECK_THROWS_WITH(parse({"--sparql-auth", "f"}), Contains("needs --sparql"));
    CHECK_THROWS_AS(
        parse({"--sparql", "http://e/s", "--base", "http://e/", "--sparql-timeout", "0"}),
        UsageError);
    CHECK_THROWS_AS(parse({"--cache-ttl", "-1"}), UsageError);
}

TEST_CASE("SPARQL mode: --help names every SPARQL option", "[options][sparql-options]") {
    const auto help = seeother::server::usage();
    for (const char* option : {"--sparql URL", "--sparql-graph IRI", "--sparql-auth FILE",
                               "--sparql-timeout", "--cache-ttl"})
        CHECK_THAT(help, Catch::Contains(option));
}
