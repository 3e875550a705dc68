// The real binary taking writes in SPARQL mode (--write-token-file with --sparql,
// --sparql-update, --sparql-auth): the same replies as the in-memory store gives
// (tests/e2e/test_writes.cpp), with the change in the endpoint and visible at once.
#include "engines.hpp"

#include "seeother_process.hpp"

#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace {

using namespace seeother;
using Catch::Matchers::Contains;

constexpr const char* token = "sparql-writes-token-0123456789";
constexpr const char* base = "http://sw.test/";

/// seeother --sparql over a graph of its own holding two things, writes on.
struct WritableServer {
    test::TempDir dir{"seeother-serve-writes"};
    std::string graph = "urn:x-seeother-test:serve-writes";
    std::unique_ptr<test::SeeotherProcess> process;

    WritableServer() {
        auto& engine = test::shared_engine();
        engine.load(
            "<http://sw.test/id/a> <http://www.w3.org/2000/01/rdf-schema#label> \"Alpha\" ;"
            " <http://sw.test/link> <http://sw.test/id/b> .\n"
            "<http://sw.test/id/b> <http://www.w3.org/2000/01/rdf-schema#label> \"Beta\" .\n",
            "serve-writes.ttl", base, graph);
        std::ofstream(dir.path() / "tokens") << token << "\n";
        const auto query = engine.endpoint();
        const auto root = query.substr(0, query.rfind('/'));
        std::vector<std::string> args{
            "--sparql",         query, "--sparql-graph",     graph,
            "--base",           base,  "--listen",           "127.0.0.1:0",
            "--sparql-timeout", "30",  "--write-token-file", (dir.path() / "tokens").string()};
        if (engine.name() == "virtuoso") {
            std::ofstream(dir.path() / "auth") << "dba:dba\n";
            args.insert(args.end(), {"--sparql-update", root + "/sparql-auth", "--sparql-auth",
                                     (dir.path() / "auth").string()});
        } else {
            args.push_back("--sparql-update");
            args.push_back(root + "/update");
        }
        process = std::make_unique<test::SeeotherProcess>(args);
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", process->port());
        c.set_read_timeout(60);
        return c;
    }
};

httplib::Headers auth(httplib::Headers more = {}) {
    more.emplace("Authorization", std::string("Bearer ") + token);
    return more;
}

std::string ntriples(const WritableServer& server, const std::string& path) {
    auto res = server.client().Get(path, {{"Accept", "application/n-triples"}});
    return res ? std::to_string(res->status) + "\n" + res->body : "no reply";
}

} // namespace

TEST_CASE("SPARQL mode takes writes with the replies of the in-memory store", "[sparql][serve]") {
    WritableServer server;
    auto c = server.client();
    INFO(server.process->stderr_text());
    const std::string origin = "http://127.0.0.1:" + std::to_string(server.process->port());

    CHECK(c.Put("/doc/a", "", "text/turtle")->status == 401);

    const auto etag = c.Get("/doc/a", {{"Accept", "text/turtle"}})->get_header_value("ETag");
    auto stale = c.Put("/doc/a", auth({{"If-Match", "\"stale\""}}),
                       "<http://sw.test/id/a> <http://sw.test/p> \"x\" .", "text/turtle");
    REQUIRE(stale);
    CHECK(stale->status == 412);
    auto put = c.Put("/doc/a", auth({{"If-Match", etag}}),
                     "<http://sw.test/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "
                     "\"Alpha 2\" ; <http://sw.test/has> [ <http://sw.test/v> \"inner\" ] .",
                     "text/turtle");
    REQUIRE(put);
    CHECK(put->status == 204);
    const auto a = ntriples(server, "/doc/a");
    CHECK_THAT(a, Contains("\"Alpha 2\""));
    CHECK_THAT(a, Contains("\"inner\""));
    CHECK_THAT(a, !Contains("\"Alpha\""));

    auto created = c.Put("/doc/c", auth(), "<http://sw.test/id/c> <http://sw.test/p> \"Gamma\" .",
                         "text/turtle");
    REQUIRE(created);
    CHECK(created->status == 201);
    CHECK(created->get_header_value("Location") == origin + "/doc/c");
    CHECK(c.Get("/id/c")->status == 303);

    auto post = c.Post("/doc/b", auth(), "<http://sw.test/id/b> <http://sw.test/p> \"more\" .",
                       "application/n-triples");
    REQUIRE(post);
    CHECK(post->status == 303);
    CHECK(post->get_header_value("Location") == origin + "/doc/b");
    const auto b = ntriples(server, "/doc/b");
    CHECK_THAT(b, Contains("\"Beta\""));
    CHECK_THAT(b, Contains("\"more\""));

    auto deleted = c.Delete("/doc/c", auth());
    REQUIRE(deleted);
    CHECK(deleted->status == 204);
    CHECK(c.Get("/doc/c")->status == 404);

    auto import = c.Post("/.well-known/seeother/imports", auth(),
                         "<http://sw.test/id/d> <http://sw.test/p> \"Delta\" .\n"
                         "<http://sw.test/id/e> <http://sw.test/p> [ <http://sw.test/v> 5 ] .\n",
                         "text/turtle");
    REQUIRE(import);
    CHECK(import->status == 202);
    const auto status_path = import->get_header_value("Location").substr(origin.size());
    int status = 0;
    for (int i = 0; i < 600 && status != 303; ++i) {
        const auto state = c.Get(status_path, {{"Accept", "text/turtle"}});
        status = state->status;
        INFO(state->body);
        if (status != 303)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    INFO(c.Get(status_path, {{"Accept", "text/turtle"}})->body);
    CHECK(status == 303);
    CHECK_THAT(ntriples(server, "/doc/d"), Contains("\"Delta\""));
    CHECK_THAT(ntriples(server, "/doc/e"),
               Contains("\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>"));
}
