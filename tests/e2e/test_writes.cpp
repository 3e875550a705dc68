// Writes (README, "Writes"): bearer tokens, PUT/POST/DELETE of documents with their replies
// and preconditions, imports whose status URL answers 303 when done, the journal that keeps
// every acknowledged write across restarts, and kill -9 during writes.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace seeother::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

constexpr const char* token = "test-token-0123456789abcdef";
constexpr const char* base = "http://data.test/";

/// A data file, a token file and a journal in a directory of their own.
struct WriteFixture {
    fs::path dir;
    WriteFixture() {
        char name[] = "/tmp/seeother-e2e-writes-XXXXXX";
        dir = ::mkdtemp(name);
        std::ofstream(dir / "data.ttl")
            << "@prefix ex: <http://data.test/vocab#> .\n"
               "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
               "<http://data.test/id/alice> rdfs:label \"Alice\" ; ex:knows "
               "<http://data.test/id/bob> ;\n"
               "  ex:address [ ex:city \"Paris\" ] .\n"
               "<http://data.test/id/bob> rdfs:label \"Bob\" .\n"
               "<http://data.test/vocab> rdfs:label \"Vocabulary\" .\n"
               "<http://data.test/vocab#Person> rdfs:label \"Person\" .\n";
        std::ofstream(dir / "tokens") << "# writers\n" << token << "\n";
    }
    ~WriteFixture() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::vector<std::string> args(std::vector<std::string> extra = {}) const {
        std::vector<std::string> all{"--write-token-file", (dir / "tokens").string(), "--journal",
                                     (dir / "journal").string()};
        all.insert(all.end(), extra.begin(), extra.end());
        return serve_args({(dir / "data.ttl").string()}, base, all);
    }
};

httplib::Headers auth(httplib::Headers more = {}) {
    more.emplace("Authorization", std::string("Bearer ") + token);
    return more;
}

std::string turtle(const SeeotherProcess& server, const std::string& path) {
    auto res = client(server).Get(path, {{"Accept", "application/n-triples"}});
    return res && res->status == 200
               ? res->body
               : std::string("status ") + std::to_string(res ? res->status : 0);
}

std::string gzip(const std::string& text) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(compressBound(static_cast<uLong>(text.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace

TEST_CASE("without --write-token-file, writes are 405, with it, 401 without a good token",
          "[writes]") {
    auto& reader = fixture_server();
    auto put = client(reader).Put("/doc/a", "<a> <b> <c> .", "text/turtle");
    REQUIRE(put);
    CHECK(put->status == 405);

    WriteFixture data;
    SeeotherProcess server(data.args());
    auto none = client(server).Put("/doc/alice", "", "text/turtle");
    REQUIRE(none);
    CHECK(none->status == 401);
    CHECK(none->get_header_value("WWW-Authenticate") == "Bearer realm=\"seeother\"");
    auto wrong = client(server).Put(
        "/doc/alice", {{"Authorization", "Bearer not-the-token-at-all"}}, "", "text/turtle");
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK_THAT(wrong->get_header_value("WWW-Authenticate"), Contains("error=\"invalid_token\""));
    auto basic = client(server).Delete("/doc/alice", {{"Authorization", "Basic dXNlcjpwYXNz"}});
    REQUIRE(basic);
    CHECK(basic->status == 401);
    CHECK_THAT(turtle(server, "/doc/alice"), Contains("Alice"));
    // An import without a token is refused too.
    auto import =
        client(server).Post("/.well-known/seeother/imports", "<a> <b> <c> .", "text/turtle");
    REQUIRE(import);
    CHECK(import->status == 401);
}

TEST_CASE("PUT creates (201) and replaces (204) a description, closure included", "[writes]") {
    WriteFixture data;
    SeeotherProcess server(data.args());
    const auto me = origin(server);
    auto c = client(server);

    // A new thing, its body in public space (the server's URLs), relative IRIs resolved
    // against the document.
    auto created = c.Put("/doc/carol", auth(),
                         "<../id/carol> <http://www.w3.org/2000/01/rdf-schema#label> \"Carol\" ;\n"
                         "  <http://data.test/vocab#knows> <" +
                             me + "/id/alice> .\n",
                         "text/turtle");
    REQUIRE(created);
    CHECK(created->status == 201);
    CHECK(created->get_header_value("Location") == me + "/doc/carol");
    auto see = c.Get("/id/carol");
    REQUIRE(see);
    CHECK(see->status == 303);
    CHECK_THAT(turtle(server, "/doc/carol"), Contains("\"Carol\""));
    // Alice's page now shows Carol among the things that link to her.
    auto page = c.Get("/doc/alice", {{"Accept", "text/html"}});
    REQUIRE(page);
    CHECK_THAT(page->body, Contains("Carol"));
    // Search and VoID see it at once.
    CHECK_THAT(c.Get("/search?q=carol", {{"Accept", "text/html"}})->body, Contains("/id/carol"));

    // Replacing Alice drops her old triples and the blank node of her address.
    auto replaced =
        c.Put("/doc/alice", auth(),
              "@prefix ex: <http://data.test/vocab#> .\n"
              "<http://data.test/id/alice> <http://www.w3.org/2000/01/rdf-schema#label> "
              "\"Alice Liddell\" ; ex:address [ ex:city \"Oxford\" ] .\n",
              "text/turtle");
    REQUIRE(replaced);
    CHECK(replaced->status == 204);
    const auto now = turtle(server, "/doc/alice");
    CHECK_THAT(now, Contains("Alice Liddell"));
    CHECK_THAT(now, Contains("Oxford"));
    CHECK_THAT(now, !Contains("Paris"));
    CHECK_THAT(now, !Contains("/id/bob"));
    CHECK_THAT(turtle(server, "/doc/bob"), Contains("\"Bob\""));
}

TEST_CASE("POST adds and answers 303 See Other to the document, DELETE removes", "[writes]") {
    WriteFixture data;
    SeeotherProcess server(data.args());
    auto c = client(server);
    auto added = c.Post("/doc/bob", auth(),
                        "<http://data.test/id/bob> <http://data.test/vocab#age> \"42\" .",
                        "application/n-triples");
    REQUIRE(added);
    CHECK(added->status == 303);
    CHECK(added->get_header_value("Location") == origin(server) + "/doc/bob");
    const auto bob = turtle(server, "/doc/bob");
    CHECK_THAT(bob, Contains("\"Bob\""));
    CHECK_THAT(bob, Contains("\"42\""));

    auto deleted = c.Delete("/doc/bob", auth());
    REQUIRE(deleted);
    CHECK(deleted->status == 204);
    CHECK(c.Get("/doc/bob")->status == 404);
    CHECK(c.Get("/id/bob")->status == 404);
    auto again = c.Delete("/doc/bob", auth());
    REQUIRE(again);
    CHECK(again->status == 404);
}

TEST_CASE("If-Match guards against lost updates: 412 on a stale ETag", "[writes]") {
    WriteFixture data;
    SeeotherProcess server(data.args());
    auto c = client(server);
    auto got = c.Get("/doc/bob", {{"Accept", "text/turtle"}});
    REQUIRE(got);
    const auto etag = got->get_header_value("ETag");
    REQUIRE(!etag.empty());
    const std::string body = "<http://data.test/id/bob> <http://data.test/p> \"one\" .";

    auto stale = c.Put("/doc/bob", auth({{"If-Match", "\"not-the-tag\""}}), body, "text/turtle");
    REQUIRE(stale);
    CHECK(stale->status == 412);
    auto fresh = c.Put("/doc/bob", auth({{"If-Match", etag}}), body, "text/turtle");
    REQUIRE(fresh);
    CHECK(fresh->status == 204);
    // The tag was of the old description: a second writer holding it loses.
    auto second = c.Put("/doc/bob", auth({{"If-Match", etag}}), body, "text/turtle");
    REQUIRE(second);
    CHECK(second->status == 412);
    // A gzip representation's tag counts as well.
    auto zipped = c.Get("/doc/bob", {{"Accept", "text/turtle"}, {"Accept-Encoding", "gzip"}});
    REQUIRE(zipped);
    auto by_gzip_tag = c.Delete("/doc/bob", auth({{"If-Match", zipped->get_header_value("ETag")}}));
    REQUIRE(by_gzip_tag);
    CHECK(by_gzip_tag->status == 204);
    // If-None-Match: * creates only what is not there.
    auto create = c.Put("/doc/alice", auth({{"If-None-Match", "*"}}), body, "text/turtle");
    REQUIRE(create);
    CHECK(create->status == 412);
    auto create_new =
        c.Put("/doc/dave", auth({{"If-None-Match", "*"}}),
              "<http://data.test/id/dave> <http://data.test/p> \"d\" .", "text/turtle");
    REQUIRE(create_new);
    CHECK(create_new->status == 201);
}

TEST_CASE("bad content gets a clear error and changes nothing", "[writes]") {
    WriteFixture data;
    SeeotherProcess server(data.args({"--max-upload-mb", "1"}));
    auto c = client(server);
    const auto before = turtle(server, "/doc/alice");

    auto syntax = c.Put("/doc/alice", auth(), "<http://data.test/id/alice> <p> .", "text/turtle");
    REQUIRE(syntax);
    CHECK(syntax->status == 400);
    CHECK_THAT(syntax->body, Contains("content:1:"));
    auto type = c.Put("/doc/alice", auth(), "{}", "application/x-www-form-urlencoded");
    REQUIRE(type);
    CHECK(type->status == 415);
    CHECK_THAT(type->body, Contains("text/turtle"));
    auto other = c.Put("/doc/alice", auth(),
                       "<http://data.test/id/bob> <http://data.test/p> \"x\" .", "text/turtle");
    REQUIRE(other);
    CHECK(other->status == 422);
    CHECK_THAT(other->body, Contains("<http://data.test/id/bob>"));
    auto orphan = c.Put("/doc/alice", auth(), "_:x <http://data.test/p> \"x\" .", "text/turtle");
    REQUIRE(orphan);
    CHECK(orphan->status == 422);
    // A language tag longer than the in-memory store keeps, as a data file's would be.
    auto tag = c.Put("/doc/alice", auth(),
                     "<http://data.test/id/alice> <http://data.test/p> \"x\"@en-x-sixteen-chars .",
                     "text/turtle");
    REQUIRE(tag);
    CHECK(tag->status == 422);
    CHECK_THAT(tag->body, Contains("language tag `en-x-sixteen-chars'"));
    auto thing = c.Put("/id/alice", auth(), "", "text/turtle");
    REQUIRE(thing);
    CHECK(thing->status == 405);
    const std::string big(1100 * 1024, ' ');
    auto large = c.Put("/doc/alice", auth(), big, "text/turtle");
    REQUIRE(large);
    CHECK(large->status == 413);
    // A gzip bomb is stopped at the limit once inflated.
    auto bomb = c.Put("/doc/alice", auth({{"Content-Encoding", "gzip"}}), gzip(big), "text/turtle");
    REQUIRE(bomb);
    CHECK(bomb->status == 413);
    CHECK(turtle(server, "/doc/alice") == before);

    // gzip that holds good data is read.
    auto zipped =
        c.Put("/doc/alice", auth({{"Content-Encoding", "gzip"}}),
              gzip("<http://data.test/id/alice> <http://data.test/p> \"zipped\" ."), "text/turtle");
    REQUIRE(zipped);
    CHECK(zipped->status == 204);
    CHECK_THAT(turtle(server, "/doc/alice"), Contains("zipped"));
}

TEST_CASE("a hash document is written whole", "[writes]") {
    WriteFixture data;
    SeeotherProcess server(data.args());
    auto c = client(server);
    auto put = c.Put("/vocab", auth(),
                     "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                     "<http://data.test/vocab> rdfs:label \"Vocabulary 2\" .\n"
                     "<http://data.test/vocab#Robot> rdfs:label \"Robot\" .\n",
                     "text/turtle");
    REQUIRE(put);
    CHECK(put->status == 204);
    const auto vocab = turtle(server, "/vocab");
    CHECK_THAT(vocab, Contains("Robot"));
    CHECK_THAT(vocab, !Contains("Person"));
}

TEST_CASE("acknowledged writes are in the journal: a restart serves them", "[writes]") {
    WriteFixture data;
    {
        SeeotherProcess server(data.args());
        auto c = client(server);
        REQUIRE(c.Put("/doc/alice", auth(),
                      "<http://data.test/id/alice> <http://data.test/p> \"kept\" .", "text/turtle")
                    ->status == 204);
        REQUIRE(c.Delete("/doc/bob", auth())->status == 204);
        REQUIRE(
            c.Put("/doc/erin", auth(),
                  "<http://data.test/id/erin> <http://data.test/p> [ <http://data.test/q> 1 ] .",
                  "text/turtle")
                ->status == 201);
        server.stop(SIGKILL);
    }
    SeeotherProcess again(data.args());
    CHECK_THAT(turtle(again, "/doc/alice"), Contains("kept"));
    CHECK(client(again).Get("/doc/bob")->status == 404);
    CHECK_THAT(turtle(again, "/doc/erin"),
               Contains("\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"));
}

TEST_CASE("a thing a write created lists the data's links to it at once", "[writes]") {
    // The data links to <id/dave> without describing it; a PUT makes it a subject, and its
    // page shows Alice's link from the data beside the writes' (the loaded store indexes links
    // to every IRI, not only to its subjects).
    WriteFixture data;
    std::ofstream(data.dir / "data.ttl", std::ios::app)
        << "<http://data.test/id/alice> <http://data.test/vocab#knows> "
           "<http://data.test/id/dave> .\n";
    SeeotherProcess server(data.args());
    auto c = client(server);
    CHECK(c.Get("/doc/dave", {{"Accept", "text/html"}})->status == 404);
    REQUIRE(c.Put("/doc/dave", auth(),
                  "<http://data.test/id/dave> <http://www.w3.org/2000/01/rdf-schema#label> "
                  "\"Dave\" .",
                  "text/turtle")
                ->status == 201);
    REQUIRE(c.Put("/doc/erin", auth(),
                  "<http://data.test/id/erin> <http://www.w3.org/2000/01/rdf-schema#label> "
                  "\"Erin\" ; <http://data.test/vocab#knows> <http://data.test/id/dave> .",
                  "text/turtle")
                ->status == 201);
    auto page = c.Get("/doc/dave", {{"Accept", "text/html"}});
    REQUIRE(page);
    CHECK(page->status == 200);
    const auto referenced = page->body.find("Referenced by");
    REQUIRE(referenced != std::string::npos);
    CHECK(page->body.compare(referenced, 25, "Referenced by <small>(2)<") == 0);
    CHECK(page->body.find("Alice", referenced) != std::string::npos); // the data's link
    CHECK(page->body.find("Erin", referenced) != std::string::npos);  // the write's
}

TEST_CASE("after a restart or a reload, a thing a write created lists the data's links to it",
          "[writes]") {
    // The journal's writes are folded into the data as it is loaded: the store's index of
    // links knows Alice's link to Carol, which the data has though it does not describe Carol.
    WriteFixture data;
    std::ofstream(data.dir / "data.ttl", std::ios::app)
        << "<http://data.test/id/alice> <http://data.test/vocab#knows> "
           "<http://data.test/id/carol> .\n";
    const auto referenced_by_alice = [](const SeeotherProcess& server) {
        auto page = client(server).Get("/doc/carol", {{"Accept", "text/html"}});
        return page && page->status == 200 &&
               page->body.find("Referenced by") != std::string::npos &&
               page->body.find("Alice") != std::string::npos;
    };
    {
        SeeotherProcess server(data.args());
        REQUIRE(client(server)
                    .Put("/doc/carol", auth(),
                         "<http://data.test/id/carol> "
                         "<http://www.w3.org/2000/01/rdf-schema#label> \"Carol\" .",
                         "text/turtle")
                    ->status == 201);
        CHECK(referenced_by_alice(server)); // at once (the test above), and:
        // A reload folds the writes so far into the data it loads.
        ::kill(server.pid(), SIGHUP);
        bool folded = false;
        for (int i = 0; i < 100 && !folded; ++i) {
            folded = server.stderr_text().find("1 write folded in") != std::string::npos;
            if (!folded)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CHECK(folded);
        CHECK(referenced_by_alice(server));
        server.stop(SIGKILL);
    }
    SeeotherProcess again(data.args());
    CHECK(referenced_by_alice(again));
    CHECK_THAT(turtle(again, "/doc/carol"), Contains("\"Carol\""));
    CHECK_THAT(again.stderr_text(), Contains("1 write folded in"));
}

TEST_CASE("without --journal, writes work and a warning says they end with the process",
          "[writes]") {
    WriteFixture data;
    SeeotherProcess server(serve_args({(data.dir / "data.ttl").string()}, base,
                                      {"--write-token-file", (data.dir / "tokens").string()}));
    auto put = client(server).Put("/doc/alice", auth(),
                                  "<http://data.test/id/alice> <http://data.test/p> \"m\" .",
                                  "text/turtle");
    REQUIRE(put);
    CHECK(put->status == 204);
    CHECK_THAT(turtle(server, "/doc/alice"), Contains("\"m\""));
    CHECK_THAT(server.stderr_text(), Contains("kept in memory only"));
}

TEST_CASE("an import answers 202, its status URL 303 to the data set when done", "[writes]") {
    WriteFixture data;
    SeeotherProcess server(data.args());
    auto c = client(server);
    std::string nt;
    for (int i = 0; i < 2000; ++i)
        nt += "<http://data.test/id/n" + std::to_string(i) +
              "> <http://www.w3.org/2000/01/rdf-schema#label> \"number " + std::to_string(i) +
              "\" .\n";
    auto accepted = c.Post("/.well-known/seeother/imports", auth(), nt, "application/n-triples");
    REQUIRE(accepted);
    CHECK(accepted->status == 202);
    const auto location = accepted->get_header_value("Location");
    REQUIRE_THAT(location, Contains("/.well-known/seeother/imports/"));
    const auto path = location.substr(origin(server).size());
    int status = 0;
    std::string location_done;
    for (int i = 0; i < 200 && status != 303; ++i) {
        auto res = c.Get(path, {{"Accept", "text/turtle"}});
        REQUIRE(res);
        status = res->status;
        location_done = res->get_header_value("Location");
        if (status == 200) {
            CHECK_THAT(res->body, Contains("schema:actionStatus"));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    REQUIRE(status == 303);
    CHECK(location_done == origin(server) + "/.well-known/seeother/void");
    CHECK_THAT(turtle(server, "/doc/n1999"), Contains("number 1999"));

    // A failed import changes nothing and says where and why, in RDF and in HTML.
    auto bad = c.Post("/.well-known/seeother/imports",
                      auth({{"Content-Disposition", "attachment; filename=\"people.ttl\""}}),
                      "<http://data.test/id/z> <http://data.test/p> \"z\" .\n<oops", "text/turtle");
    REQUIRE(bad);
    REQUIRE(bad->status == 202);
    const auto bad_path = bad->get_header_value("Location").substr(origin(server).size());
    std::string state;
    for (int i = 0; i < 200; ++i) {
        auto got = c.Get(bad_path, {{"Accept", "text/turtle"}});
        REQUIRE(got);
        state = got->body;
        if (state.find("FailedActionStatus") != std::string::npos)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK_THAT(state, Contains("schema:FailedActionStatus"));
    CHECK_THAT(state, Contains("people.ttl:2:"));
    auto html = c.Get(bad_path, {{"Accept", "text/html"}});
    REQUIRE(html);
    CHECK_THAT(html->body, Contains("people.ttl:2:"));
    CHECK(c.Get("/doc/z")->status == 404);
    CHECK(c.Get("/.well-known/seeother/imports/999")->status == 404);
}

TEST_CASE("kill -9 during writes loses no acknowledged write and half-applies none",
          "[writes][crash]") {
    WriteFixture data;
    // Each write replaces thing tN with K triples all carrying one version number: after a
    // crash, a thing is at its last acknowledged version or later (a write under way may
    // have reached the disk before the kill), and always whole.
    constexpr int triples_per_write = 20;
    std::map<int, int> acknowledged; // thing → highest acknowledged version
    std::mt19937 random(7);
    for (int round = 0; round < 6; ++round) {
        SeeotherProcess server(data.args());
        // What was acknowledged before must still be there, whole.
        for (const auto& [thing, version] : acknowledged) {
            const auto body = turtle(server, "/doc/t" + std::to_string(thing));
            int seen = -1;
            std::size_t count = 0;
            for (std::size_t at = body.find("\"v"); at != std::string::npos;
                 at = body.find("\"v", at + 1)) {
                const int v = std::stoi(body.substr(at + 2));
                CHECK((seen == -1 || seen == v)); // one version: never half of two
                seen = v;
                ++count;
            }
            CHECK(seen >= version);
            CHECK(count == triples_per_write);
        }
        std::mutex lock;
        std::atomic<bool> stop{false};
        std::vector<std::thread> writers;
        for (int w = 0; w < 4; ++w)
            writers.emplace_back([&, w] {
                auto c = client(server);
                // Each thing has one writer, whose versions only grow.
                for (int version = round * 100000 + w * 10000; !stop; ++version) {
                    const int thing = w * 2 + version % 2;
                    std::string body;
                    for (int k = 0; k < triples_per_write; ++k)
                        body += "<http://data.test/id/t" + std::to_string(thing) +
                                "> <http://data.test/p" + std::to_string(k) + "> \"v" +
                                std::to_string(version) + "\" .\n";
                    auto res = c.Put("/doc/t" + std::to_string(thing), auth(), body, "text/turtle");
                    if (!res)
                        return; // killed
                    if (res->status == 201 || res->status == 204) {
                        std::lock_guard guard(lock);
                        auto& known = acknowledged[thing];
                        known = std::max(known, version);
                    }
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 300));
        server.stop(SIGKILL);
        stop = true;
        for (auto& t : writers)
            t.join();
    }
    CHECK(!acknowledged.empty());
}
