// The command line's front against the real binary: `seeother serve …` beside the old form,
// help, the version, and an unknown command.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

using namespace seeother::test;
using Catch::Matchers::Contains;

namespace {

/// Runs seeother with `args` to its end (it must not serve), at most 5 seconds.
Exit run_to_end(SeeotherProcess& process) {
    const auto exit = process.wait(std::chrono::seconds(5));
    INFO(process.stderr_text());
    CHECK(exit.exited);
    return exit;
}

} // namespace

TEST_CASE("seeother serve serves the data as the old form does", "[commands]") {
    auto args = serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base);
    args.insert(args.begin(), "serve");
    SeeotherProcess server(args);
    auto res = client(server).Get("/id/alice");
    INFO(server.stderr_text());
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == origin(server) + "/doc/alice");
    CHECK(server.stop().code == 0);
}

TEST_CASE("help and --help list the commands and serve's options", "[commands]") {
    for (const char* help : {"help", "--help"}) {
        CAPTURE(help);
        SeeotherProcess process({help}, false);
        CHECK(run_to_end(process).code == 0);
        const auto out = process.stdout_text();
        CHECK_THAT(out, Contains("Commands:") && Contains("  serve ") && Contains("  help ") &&
                            Contains("  version ") && Contains("--data PATH"));
    }
    SeeotherProcess serve_help({"help", "serve"}, false);
    CHECK(run_to_end(serve_help).code == 0);
    CHECK_THAT(serve_help.stdout_text(), Contains("Usage: seeother [serve]"));
}

TEST_CASE("the version is shown by the version command and by --version", "[commands]") {
    for (const char* version : {"version", "--version"}) {
        CAPTURE(version);
        SeeotherProcess process({version}, false);
        CHECK(run_to_end(process).code == 0);
        CHECK_THAT(process.stdout_text(), Contains("seeother " SEEOTHER_VERSION));
    }
}

TEST_CASE("an unknown command exits 2 naming it and the commands there are", "[commands]") {
    SeeotherProcess process({"frobnicate", "--data", "x.ttl"}, false);
    CHECK(run_to_end(process).code == 2);
    CHECK_THAT(process.stderr_text(),
               Contains("unknown command 'frobnicate'") && Contains("serve, help and version"));
    CHECK(process.stdout_text().empty());
}
