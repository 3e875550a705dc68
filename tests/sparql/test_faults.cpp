// An endpoint that fails never passes for one that has no data: every way of failing is a
// StoreError of its kind (the handler's 503, 504 or 502), never an empty answer (a 404).
// The faults come from the Oxigraph test server's fault paths, so these run in the
// Oxigraph run only ([faults]).
#include "sparql_factory.hpp"

#include <catch2/catch.hpp>

#include <functional>

namespace {

using namespace seeother;
using Kind = rdf::StoreError::Kind;

const std::string base = "http://faults.test/";
const std::string data =
    "<http://faults.test/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "
    "\"a\" ; <http://faults.test/vocab#p> <http://faults.test/id/b> .\n"
    "<http://faults.test/id/b> a <http://faults.test/vocab#C> .\n"
    "<http://faults.test/vocab#C> <http://www.w3.org/2000/01/rdf-schema#label> "
    "\"C\" .\n";

test::OxigraphEngine& engine() {
    return dynamic_cast<test::OxigraphEngine&>(test::shared_engine());
}

rdf::sparql::SparqlStore store_at(const std::string& url,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto options = test::sparql_options(test::load_into_engine(data, "faults.ttl", base), base);
    options.endpoint.url = url;
    options.endpoint.timeout = timeout;
    return rdf::sparql::SparqlStore(options);
}

/// Every question of the Store interface, each on its own.
std::vector<std::pair<std::string, std::function<void(const rdf::Store&)>>> questions() {
    const std::string a = base + "id/a";
    return {
        {"described",
         [=](const rdf::Store& s) {
             s.described({{a, false}});
         }},
        {"described (hash)",
         [=](const rdf::Store& s) {
             s.described({{base + "vocab", true}});
         }},
        {"describe",
         [=](const rdf::Store& s) {
             s.describe({a, false}, 0, 10);
         }},
        {"describe (hash)",
         [=](const rdf::Store& s) {
             s.describe({base + "vocab", true}, 0, 10);
         }},
        {"subjects_page", [=](const rdf::Store& s) { s.subjects_page(base, 0, 10); }},
        {"labels", [=](const rdf::Store& s) { s.labels({a}); }},
        {"backlinks", [=](const rdf::Store& s) { s.backlinks(base + "id/b", 0, 10); }},
        {"classes", [=](const rdf::Store& s) { s.classes(0, 10); }},
        {"instances", [=](const rdf::Store& s) { s.instances(base + "vocab#C", 0, 10); }},
        {"instance_counts", [=](const rdf::Store& s) { s.instance_counts({base + "vocab#C"}); }},
        {"most_referenced", [=](const rdf::Store& s) { s.most_referenced(10); }},
        {"search", [=](const rdf::Store& s) { s.search("a", 0, 10); }},
        {"stats", [=](const rdf::Store& s) { s.stats(); }},
    };
}

void check_every_question_fails(const rdf::Store& store, Kind kind) {
    for (const auto& [name, ask] : questions()) {
        CAPTURE(name);
        try {
            ask(store);
            FAIL("answered instead of failing");
        } catch (const rdf::StoreError& e) {
            CAPTURE(e.what());
            CHECK(e.kind() == kind);
        }
    }
}

} // namespace

TEST_CASE("the test store answers when the endpoint works", "[sparql][faults]") {
    const auto store = store_at(engine().endpoint());
    CHECK(rdf::describes(store, base + "id/a"));
    CHECK(store.described({{base + "vocab", true}}) == std::vector<bool>{true});
    CHECK(store.describe({base + "id/a", false}, 0, 10).total == 2);
}

TEST_CASE("nothing listening: every question is Unavailable", "[sparql][faults]") {
    check_every_question_fails(
        store_at("http://127.0.0.1:" + std::to_string(test::free_port()) + "/sparql"),
        Kind::Unavailable);
}

TEST_CASE("a stopped engine: Unavailable, after it answered", "[sparql][faults]") {
    test::OxigraphEngine own;
    own.load(data, "faults.ttl", base, "urn:x-seeother-test:stopped");
    auto options = test::sparql_options({"urn:x-seeother-test:stopped"}, base);
    options.endpoint.url = own.endpoint();
    const rdf::sparql::SparqlStore store(options);
    CHECK(rdf::describes(store, base + "id/a"));
    own.stop();
    try {
        rdf::describes(store, base + "id/a");
        FAIL("a stopped engine answered");
    } catch (const rdf::StoreError& e) {
        CHECK(e.kind() == Kind::Unavailable);
    }
}

TEST_CASE("an answer slower than --sparql-timeout: Timeout", "[sparql][faults]") {
    // The server answers after 30 s; the store gives up after 1 s.
    check_every_question_fails(
        store_at(engine().base_url() + "/delay/30000/sparql", std::chrono::seconds(1)),
        Kind::Timeout);
}

TEST_CASE("HTTP 500 from the endpoint: BadAnswer, 503 and 429: Unavailable", "[sparql][faults]") {
    check_every_question_fails(store_at(engine().base_url() + "/status/500/sparql"),
                               Kind::BadAnswer);
    check_every_question_fails(store_at(engine().base_url() + "/status/400/sparql"),
                               Kind::BadAnswer);
    check_every_question_fails(store_at(engine().base_url() + "/status/503/sparql"),
                               Kind::Unavailable);
    check_every_question_fails(store_at(engine().base_url() + "/status/429/sparql"),
                               Kind::Unavailable);
}

TEST_CASE("a malformed or mistyped answer: BadAnswer", "[sparql][faults]") {
    check_every_question_fails(store_at(engine().base_url() + "/garbage/sparql"), Kind::BadAnswer);
    check_every_question_fails(store_at(engine().base_url() + "/wrongtype/sparql"),
                               Kind::BadAnswer);
}

TEST_CASE("Virtuoso's partial 'anytime' answer is a Timeout, never a short answer",
          "[sparql][faults]") {
    check_every_question_fails(store_at(engine().base_url() + "/anytime/sparql"), Kind::Timeout);
}

TEST_CASE("HTTP Basic auth from --sparql-auth's user:password", "[sparql][faults]") {
    const auto url = engine().base_url() + "/basic/reader:s3cret%3Aword/sparql";
    check_every_question_fails(store_at(url), Kind::BadAnswer);

    test::TempDir dir("seeother-auth");
    test::write_file(dir.path() / "auth", "reader:s3cret:word\n");
    const auto [user, password] = rdf::sparql::read_sparql_auth((dir.path() / "auth").string());
    CHECK(user == "reader");
    CHECK(password == "s3cret:word");
    auto options = test::sparql_options(test::load_into_engine(data, "faults.ttl", base), base);
    options.endpoint.url = url;
    options.endpoint.user = user;
    options.endpoint.password = password;
    CHECK(rdf::describes(rdf::sparql::SparqlStore(options), base + "id/a"));

    test::write_file(dir.path() / "bad", "no colon here\n");
    CHECK_THROWS_WITH(rdf::sparql::read_sparql_auth((dir.path() / "bad").string()),
                      Catch::Contains("user:password"));
    CHECK_THROWS_WITH(rdf::sparql::read_sparql_auth((dir.path() / "missing").string()),
                      Catch::Contains("cannot read"));
}

TEST_CASE("an endpoint that cuts long answers is found out", "[sparql][quirks]") {
    const auto store = test::make_sparql_store(data, "faults.ttl", base);
    const auto limit = dynamic_cast<const rdf::sparql::SparqlStore&>(*store).answer_limit();
    // The test engines are set up not to cut (Virtuoso: ResultSetMaxRows 1,000,000).
    CHECK_FALSE(limit);
}

TEST_CASE("a row limit shows in answer_limit, and a cut page is a BadAnswer", "[sparql][faults]") {
    const auto cut = store_at(engine().base_url() + "/cut/10000/sparql");
    CHECK(cut.answer_limit() == std::optional<std::size_t>(10000));
    // A description whose page lost triples is not passed on as a shorter one.
    const auto one = store_at(engine().base_url() + "/cut/1/sparql");
    try {
        one.describe({base + "id/a", false}, 0, 10);
        FAIL("a cut description was answered");
    } catch (const rdf::StoreError& e) {
        CHECK(e.kind() == Kind::BadAnswer);
    }
}

TEST_CASE("an answer that trickles in is cut off at --sparql-timeout: Timeout",
          "[sparql][faults]") {
    // Each read gets a byte within the timeout; only the deadline for the whole answer ends
    // it (the server would take a minute).
    const auto store = store_at(engine().base_url() + "/trickle/sparql", std::chrono::seconds(1));
    try {
        store.labels({base + "id/a"});
        FAIL("a trickling answer was waited for");
    } catch (const rdf::StoreError& e) {
        CHECK(e.kind() == Kind::Timeout);
    }
}

TEST_CASE("an endpoint whose last query failed is down, however recent its last answer",
          "[sparql][faults]") {
    test::OxigraphEngine own;
    rdf::sparql::Endpoint endpoint({own.endpoint(), {}, {}, std::chrono::seconds(10), {}});
    const std::string ask = "CONSTRUCT { <urn:x:s> <urn:x:p> true } WHERE {}";
    CHECK(endpoint.construct(ask).size() == 1);
    CHECK(endpoint.health().up);
    own.stop();
    CHECK_THROWS_AS(endpoint.construct(ask), rdf::StoreError);
    // Within a second of the last answer, and still down: the failure came after it.
    const auto health = endpoint.health();
    CHECK_FALSE(health.up);
    CHECK_THAT(health.reason, Catch::Matchers::Contains("the SPARQL endpoint cannot be reached"));
}
