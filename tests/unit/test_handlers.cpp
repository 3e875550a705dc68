#include "rdf/sord/load.hpp"
#include "server/ld/coding.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

#include <map>

using Catch::Matchers::Contains;
using seeother::server::handle;
using seeother::server::Reply;
using seeother::server::Request;
using seeother::server::Site;

namespace {

const char* const turtle = R"(
@prefix ex: <http://example.org/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/id/alice> rdfs:label "Alice"@en, "Alice"@fr ;
    ex:knows <http://example.org/id/bob> ;
    ex:age "42"^^xsd:integer ;
    ex:score "7"^^ex:points ;
    ex:address [ ex:city "Paris" ; ex:geo [ ex:lat "48.85" ] ] .
<http://example.org/id/café> rdfs:label "Café" .
<http://example.org/id/evil> rdfs:label "<script>alert(1)</script>" ;
    ex:link <javascript:alert(1)> .
ex:Person rdfs:label "Person" .
ex:knows rdfs:label "knows" .
)";

const auto& store() {
    static const auto s = seeother::rdf::load_store_from_string(turtle, "inline.ttl");
    return *s;
}

using seeother::test::local_request;
using seeother::test::site;

Reply get(const std::string& target, const seeother::server::Headers& extra = {},
          const std::string& method = "GET", const Site& where = site()) {
    return handle(local_request(target, extra, method), store(), where);
}

} // namespace

TEST_CASE("a described thing is a 303 with an absolute Location and a note", "[handlers]") {
    const auto reply = get("/id/alice");
    CHECK(reply.status == 303);
    CHECK(reply.header("Location") == "http://127.0.0.1:8080/doc/alice");
    CHECK(reply.header("Cache-Control") == "max-age=3600");
    CHECK(reply.header("Content-Type") == "text/html; charset=utf-8");
    CHECK_THAT(reply.body, Contains("<a href=\"http://127.0.0.1:8080/doc/alice\">"));
}

TEST_CASE("the 303's max-age is configurable", "[handlers]") {
    Site s = site();
    s.see_other_max_age = 60;
    CHECK(get("/id/alice", {}, "GET", s).header("Cache-Control") == "max-age=60");
}

TEST_CASE("the 303's Location is percent-encoded for non-ASCII names", "[handlers]") {
    const auto reply = get("/id/caf%C3%A9");
    CHECK(reply.status == 303);
    CHECK(reply.header("Location") == "http://127.0.0.1:8080/doc/caf%C3%A9");
}

TEST_CASE("an undescribed thing is a 404 naming the IRI", "[handlers]") {
    const auto reply = get("/id/nobody");
    CHECK(reply.status == 404);
    CHECK_THAT(reply.body, Contains("http://127.0.0.1:8080/id/nobody"));
}

TEST_CASE("a document without Accept is Turtle, negotiated", "[handlers]") {
    const auto reply = get("/doc/alice");
    CHECK(reply.status == 200);
    CHECK(reply.header("Content-Type") == "text/turtle; charset=utf-8");
    CHECK(reply.header("Vary") == "Accept, Accept-Encoding");
    CHECK(reply.header("Content-Location") == "http://127.0.0.1:8080/doc/alice.ttl");
    CHECK_FALSE(reply.header("ETag").empty());
    INFO(reply.body);
    CHECK_THAT(reply.body, Contains("http://127.0.0.1:8080/id/alice"));
    CHECK_THAT(reply.body, Contains("primaryTopic"));
}

TEST_CASE("local IRIs are rewritten to the public URL everywhere", "[handlers]") {
    const auto reply = get("/doc/alice.nt");
    INFO(reply.body);
    CHECK_THAT(reply.body, Contains("<http://127.0.0.1:8080/doc/alice> "
                                    "<http://xmlns.com/foaf/0.1/primaryTopic> "
                                    "<http://127.0.0.1:8080/id/alice> ."));
    CHECK_THAT(reply.body, Contains("^^<http://127.0.0.1:8080/vocab#points>"));
    CHECK(reply.body.find("http://example.org/") == std::string::npos);
}

TEST_CASE("no rewriting when the client uses the base's own host", "[handlers]") {
    const auto reply = handle(
        seeother::test::make_request("/doc/alice.nt", {{"Host", "example.org"}}), store(), site());
    CHECK_THAT(reply.body, Contains("<http://example.org/id/alice>"));
}

TEST_CASE("the description includes the blank-node closure", "[handlers]") {
    const auto reply = get("/doc/alice.nt");
    CHECK_THAT(reply.body, Contains("\"Paris\""));
    CHECK_THAT(reply.body, Contains("\"48.85\""));
}

TEST_CASE("a browser's Accept gets HTML", "[handlers]") {
    const auto reply = get("/doc/alice", {{"Accept", "text/html,application/xhtml+xml,"
                                                     "application/xml;q=0.9,*/*;q=0.8"}});
    CHECK(reply.status == 200);
    CHECK(reply.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(reply.header("Content-Location") == "http://127.0.0.1:8080/doc/alice.html");
    CHECK_THAT(reply.body, Contains("<title>Alice</title>"));
}

TEST_CASE("a forced format ignores Accept and does not Vary on it", "[handlers]") {
    const auto reply = get("/doc/alice.nt", {{"Accept", "text/html"}});
    CHECK(reply.status == 200);
    CHECK(reply.header("Content-Type") == "application/n-triples; charset=utf-8");
    CHECK(reply.header("Vary") == "Accept-Encoding");
}

TEST_CASE("Link lists every other format as an alternate", "[handlers]") {
    const auto reply = get("/doc/alice");
    const auto link = std::string(reply.header("Link"));
    CHECK_THAT(link, Contains("<http://127.0.0.1:8080/doc/alice.nt>; rel=\"alternate\"; "
                              "type=\"application/n-triples\""));
    CHECK_THAT(link, Contains("<http://127.0.0.1:8080/doc/alice.html>; rel=\"alternate\"; "
                              "type=\"text/html\""));
    CHECK(link.find("alice.ttl") == std::string::npos);
}

TEST_CASE("nothing acceptable is a 406 listing the alternatives", "[handlers]") {
    const auto reply = get("/doc/alice", {{"Accept", "image/png"}});
    CHECK(reply.status == 406);
    CHECK_THAT(reply.body, Contains("text/turtle"));
    CHECK_THAT(reply.body, Contains("http://127.0.0.1:8080/doc/alice.nt"));
}

TEST_CASE("If-None-Match with the ETag is a 304 without a body", "[handlers]") {
    const auto first = get("/doc/alice");
    const auto etag = std::string(first.header("ETag"));
    const auto second = get("/doc/alice", {{"If-None-Match", etag}});
    CHECK(second.status == 304);
    CHECK(second.body.empty());
    CHECK(second.header("ETag") == etag);
    CHECK(second.header("Vary") == "Accept, Accept-Encoding");
    CHECK(get("/doc/alice", {{"If-None-Match", "\"other\""}}).status == 200);
}

TEST_CASE("each representation has its own ETag", "[handlers]") {
    CHECK(get("/doc/alice.ttl").header("ETag") != get("/doc/alice.nt").header("ETag"));
}

TEST_CASE("a hash namespace is one document of all its subjects", "[handlers]") {
    const auto reply = get("/vocab.nt");
    CHECK(reply.status == 200);
    CHECK_THAT(reply.body, Contains("<http://127.0.0.1:8080/vocab#Person>"));
    CHECK_THAT(reply.body, Contains("<http://127.0.0.1:8080/vocab#knows>"));
    CHECK(reply.header("Content-Location") == "http://127.0.0.1:8080/vocab.nt");
}

TEST_CASE("OPTIONS is 204 with Allow, a CORS preflight for Accept succeeds", "[handlers]") {
    const auto plain = get("/doc/alice", {}, "OPTIONS");
    CHECK(plain.status == 204);
    CHECK(plain.header("Allow") == "GET, HEAD, OPTIONS");
    const auto preflight = get("/doc/alice",
                               {{"Origin", "http://app.example"},
                                {"Access-Control-Request-Method", "GET"},
                                {"Access-Control-Request-Headers", "accept"}},
                               "OPTIONS");
    CHECK(preflight.status == 204);
    CHECK_THAT(std::string(preflight.header("Access-Control-Allow-Headers")), Contains("accept"));
    CHECK_THAT(std::string(preflight.header("Access-Control-Allow-Methods")), Contains("GET"));
}

TEST_CASE("other methods are 405 with Allow", "[handlers]") {
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"}) {
        CAPTURE(method);
        const auto reply = get("/doc/alice", {}, method);
        CHECK(reply.status == 405);
        CHECK(reply.header("Allow") == "GET, HEAD, OPTIONS");
    }
}

TEST_CASE("bad escapes and bad Host fields are 400", "[handlers]") {
    CHECK(get("/id/%zz").status == 400);
    CHECK(get("/id/a%00").status == 400);
    CHECK(get("/id/alice", {{"Host", "second"}}).status == 400);
    CHECK(handle(seeother::test::make_request("/id/alice"), store(), site()).status == 400);
}

TEST_CASE("the query string does not change what a path means", "[handlers]") {
    CHECK(get("/id/alice?x=1").status == 303);
    CHECK(get("/doc/alice.ttl?lang=fr").status == 200);
}

TEST_CASE("an absolute-form request target is understood", "[handlers]") {
    CHECK(get("http://127.0.0.1:8080/id/alice").status == 303);
}

TEST_CASE("a --public-url names every link and never the listen address", "[handlers]") {
    Site s = site();
    s.public_url = "https://data.example.com/";
    const auto see_other = get("/id/alice", {}, "GET", s);
    CHECK(see_other.header("Location") == "https://data.example.com/doc/alice");
    const auto doc = get("/doc/alice.nt", {}, "GET", s);
    CHECK(doc.body.find("127.0.0.1") == std::string::npos);
    CHECK(std::string(doc.header("Link")).find("127.0.0.1") == std::string::npos);
    CHECK_THAT(doc.body, Contains("<https://data.example.com/id/alice>"));
}

TEST_CASE("the home page lists things", "[handlers]") {
    const auto reply = get("/");
    CHECK(reply.status == 200);
    CHECK_THAT(reply.body, Contains("http://127.0.0.1:8080/id/alice"));
}

TEST_CASE("literals cannot inject markup and javascript: IRIs are not links", "[handlers]") {
    const auto reply = get("/doc/evil.html");
    CHECK(reply.body.find("<script>") == std::string::npos);
    CHECK_THAT(reply.body, Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(reply.body.find("href=\"javascript:") == std::string::npos);
}

TEST_CASE("a compressed representation has its own ETag and its own 304", "[handlers]") {
    const auto plain = get("/doc/alice.ttl");
    const auto gzip = get("/doc/alice.ttl", {{"Accept-Encoding", "gzip, deflate"}});
    REQUIRE(plain.body.size() >= seeother::server::min_compressed_size);
    CHECK(plain.header("ETag") != gzip.header("ETag"));
    CHECK(plain.header("Content-Encoding").empty());
    CHECK(gzip.header("Content-Encoding") == "gzip");
    CHECK(gzip.body == seeother::server::compress(plain.body, "gzip"));
    CHECK(gzip.header("Vary") == "Accept-Encoding");
    const auto br = get("/doc/alice.ttl", {{"Accept-Encoding", "gzip, br"}});
    CHECK(br.header("Content-Encoding") == "br");
    CHECK(br.body == seeother::server::compress(plain.body, "br"));
    CHECK(br.header("ETag") != gzip.header("ETag"));
    const auto revalidated =
        get("/doc/alice.ttl", {{"Accept-Encoding", "gzip, deflate"},
                               {"If-None-Match", std::string(gzip.header("ETag"))}});
    CHECK(revalidated.status == 304);
    CHECK(get("/doc/alice.ttl", {{"If-None-Match", std::string(gzip.header("ETag"))}}).status ==
          200);
}

TEST_CASE("a short body is sent as it is, whatever Accept-Encoding says", "[handlers]") {
    const auto plain = get("/doc/caf%C3%A9.nt");
    REQUIRE(plain.status == 200);
    REQUIRE(plain.body.size() < seeother::server::min_compressed_size);
    const auto asked = get("/doc/caf%C3%A9.nt", {{"Accept-Encoding", "br"}});
    CHECK(asked.header("Content-Encoding").empty());
    CHECK(asked.body == plain.body);
    CHECK(asked.header("ETag") == plain.header("ETag"));
}

TEST_CASE("the variant key follows what negotiation chooses, not how it is spelled",
          "[handlers][variant_key]") {
    using seeother::server::variant_key;
    const auto key = [](const std::string& target, seeother::server::Headers extra,
                        const std::string& version = "HTTP/1.1") {
        return variant_key(local_request(target, extra, "GET", version), site(), nullptr);
    };
    const auto base = key("/doc/alice", {});
    // Fields no reply depends on.
    CHECK(key("/doc/alice", {{"User-Agent", "x"}, {"If-None-Match", "\"e\""}}) == base);
    // Spellings with the same outcome: no Accept and */* both choose Turtle; two browsers'
    // Accept both choose HTML; equal language ranges.
    CHECK(key("/doc/alice", {{"Accept", "*/*"}}) == base);
    CHECK(key("/doc/alice", {{"Accept", "text/turtle;q=0.9, text/html;q=0.1"}}) == base);
    CHECK(key("/doc/alice", {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                                        "image/avif,image/webp,*/*;q=0.8"}}) ==
          key("/doc/alice", {{"Accept", "text/html"}}));
    CHECK(key("/doc/alice", {{"Accept-Language", "fr-CH, fr;q=0.9"}}) ==
          key("/doc/alice", {{"Accept-Language", "fr-CH,fr;q=0.90"}}));
    CHECK(key("/doc/alice", {{"Accept-Encoding", "gzip, deflate"}}) ==
          key("/doc/alice", {{"Accept-Encoding", "gzip"}}));
    // Everything a reply varies on.
    CHECK(key("/doc/bob", {}) != base);
    CHECK(key("/doc/alice?lang=fr", {}) != base);
    CHECK(key("/doc/alice", {}, "HTTP/1.0") != base);
    CHECK(variant_key(seeother::test::make_request("/doc/alice", {{"Host", "other:8080"}}), site(),
                      nullptr) != base);
    CHECK(key("/doc/alice", {{"Accept", "application/ld+json"}}) != base);
    CHECK(key("/doc/alice", {{"Accept", "text/plain"}}) != base); // 406
    CHECK(key("/doc/alice", {{"Accept", "text/html"}, {"Accept-Language", "fr"}}) !=
          key("/doc/alice", {{"Accept", "text/html"}}));
    CHECK(key("/doc/alice", {{"Accept-Encoding", "gzip"}}) != base);
    CHECK(key("/doc/alice", {{"Accept-Encoding", "br"}}) !=
          key("/doc/alice", {{"Accept-Encoding", "gzip"}}));
}

TEST_CASE("the variant key ignores what never changes a reply: junk parameters, and languages "
          "for RDF",
          "[handlers][variant_key]") {
    using seeother::server::variant_key;
    const auto key = [](const std::string& target, seeother::server::Headers extra = {}) {
        return variant_key(local_request(target, std::move(extra)), site(), nullptr);
    };
    CHECK(key("/doc/alice.ttl?utm_source=x") == key("/doc/alice.ttl"));
    CHECK(key("/doc/alice.ttl?12345") == key("/doc/alice.ttl"));
    CHECK(key("/doc/alice.ttl", {{"Accept-Language", "fr"}}) == key("/doc/alice.ttl"));
    CHECK(key("/doc/alice", {{"Accept-Language", "de-AT"}}) == key("/doc/alice"));
    CHECK(key("/doc/alice", {{"Accept", "application/n-triples"}, {"Accept-Language", "de"}}) ==
          key("/doc/alice", {{"Accept", "application/n-triples"}}));
    // Where the reply may be HTML, the language stays in the key.
    CHECK(key("/doc/alice", {{"Accept", "text/html"}, {"Accept-Language", "de"}}) !=
          key("/doc/alice", {{"Accept", "text/html"}}));
    CHECK(key("/doc/alice.html", {{"Accept-Language", "de"}}) != key("/doc/alice.html"));
    CHECK(key("/search?q=a", {{"Accept-Language", "de"}}) != key("/search?q=a"));
    CHECK(key("/", {{"Accept-Language", "de"}}) != key("/"));
    // The parameters the routes read stay, and a malformed query is never cached.
    CHECK(key("/doc/alice?page=2") != key("/doc/alice"));
    CHECK(key("/doc/alice?lang=de") != key("/doc/alice"));
    CHECK_FALSE(key("/doc/alice.ttl?x=%zz"));
}

TEST_CASE("the variant key holds a reader's languages only as they rank the data's",
          "[handlers][variant_key]") {
    using seeother::server::variant_key;
    const std::vector<std::string> data_languages{"de", "en", "fr", "fr-ch"};
    const auto key = [&](const std::string& accept_language) {
        return variant_key(local_request("/doc/alice", {{"Accept", "text/html"},
                                                        {"Accept-Language", accept_language}}),
                           site(), &data_languages);
    };
    // Languages the data does not have rank its tags alike: one entry for all of them.
    CHECK(key("x-1234") == key(""));
    CHECK(key("zh-TW, ja;q=0.5") == key("x-99, ko"));
    CHECK(key("x-1, de;q=0.5") == key("de"));
    CHECK(key("de, x-1") == key("de"));
    // Any difference in how the data's tags rank is a different page.
    CHECK(key("de") != key(""));
    CHECK(key("de, en") != key("en, de"));
    CHECK(key("fr") != key("fr-ch")); // a fallback ranks after an exact match
    CHECK(key("*;q=0") != key(""));
    // Where the store does not know its languages, the ranges themselves are the key.
    CHECK(variant_key(
              local_request("/doc/alice", {{"Accept", "text/html"}, {"Accept-Language", "x-1"}}),
              site(), nullptr) !=
          variant_key(
              local_request("/doc/alice", {{"Accept", "text/html"}, {"Accept-Language", "x-2"}}),
              site(), nullptr));
}

TEST_CASE("the variant key follows a trusted proxy's forwarded host", "[handlers][variant_key]") {
    Site behind_proxy = site();
    behind_proxy.trust_proxy = true;
    const auto key = [&](seeother::server::Headers extra) {
        return seeother::server::variant_key(local_request("/id/alice", std::move(extra)),
                                             behind_proxy, nullptr);
    };
    CHECK(key({{"X-Forwarded-Host", "data.example"}}) != key({}));
    CHECK(key({{"Forwarded", "host=data.example;proto=https"}}) !=
          key({{"Forwarded", "host=data.example"}}));
}

TEST_CASE("requests with equal variant keys get equal replies", "[handlers][variant_key]") {
    // Every combination of a few real header values, on several kinds of path: wherever two
    // requests share a key, handle() must give them the same reply, or the cache would
    // serve one client another's representation.
    const std::vector<std::string> targets = {"/id/alice",
                                              "/doc/alice",
                                              "/doc/alice.html",
                                              "/doc/nobody",
                                              "/",
                                              "/search?q=al",
                                              "/search?q=al&x=1",
                                              "/doc/alice.ttl",
                                              "/doc/alice?x=%2",
                                              "/doc/alice.nt?junk=",
                                              "/doc/alice?lang=fr"};
    const std::vector<std::string> accepts = {
        "",
        "*/*",
        "text/turtle",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "text/html",
        "application/ld+json",
        "text/plain",
        "application/rdf+xml;q=0.5, */*;q=0.1"};
    // Made-up languages rank the data's tags as no preference does: they share its key.
    const std::vector<std::string> languages = {
        "", "fr", "fr;q=1", "de, fr;q=0.5", "*", "x-1, fr;q=0.5", "zz", "x-2, x-3"};
    const std::vector<std::string> encodings = {"", "gzip", "gzip, deflate, br", "identity"};
    std::map<std::string, Reply> seen;
    std::size_t shared = 0;
    for (const auto& target : targets)
        for (const auto& accept : accepts)
            for (const auto& language : languages)
                for (const auto& encoding : encodings) {
                    seeother::server::Headers headers;
                    if (!accept.empty())
                        headers.emplace_back("Accept", accept);
                    if (!language.empty())
                        headers.emplace_back("Accept-Language", language);
                    if (!encoding.empty())
                        headers.emplace_back("Accept-Encoding", encoding);
                    const Request request = local_request(target, headers);
                    Reply reply = handle(request, store(), site());
                    const auto key =
                        seeother::server::variant_key(request, site(), store().languages());
                    if (!key)
                        continue; // never cached
                    const auto [it, fresh] = seen.try_emplace(*key, reply);
                    if (fresh)
                        continue;
                    ++shared;
                    CAPTURE(target, accept, language, encoding);
                    CHECK(reply.status == it->second.status);
                    CHECK(reply.headers == it->second.headers);
                    CHECK(reply.body == it->second.body);
                }
    CHECK(shared > 100); // the key does merge spellings
}

TEST_CASE("the variant key keeps the language for a split layout's pages, HTML whatever Accept "
          "says",
          "[handlers][variant_key][layout]") {
    Site dbpedia = site("http://dbp.test/");
    seeother::server::Namespace space;
    space.base = "http://dbp.test/";
    space.layout = *seeother::server::named_layout("dbpedia");
    dbpedia.spaces = {space};
    const auto key = [&](const std::string& target, seeother::server::Headers extra) {
        return seeother::server::variant_key(local_request(target, std::move(extra)), dbpedia,
                                             nullptr);
    };
    // /page/X is HTML even for an RDF Accept: its language matters.
    CHECK(key("/page/Berlin", {{"Accept", "text/turtle"}, {"Accept-Language", "de"}}) !=
          key("/page/Berlin", {{"Accept", "text/turtle"}, {"Accept-Language", "en"}}));
    // /data/X is RDF: it does not.
    CHECK(key("/data/Berlin", {{"Accept", "text/turtle"}, {"Accept-Language", "de"}}) ==
          key("/data/Berlin", {{"Accept", "text/turtle"}, {"Accept-Language", "en"}}));
}

TEST_CASE("with --symmetric a hub's incoming triples are paged like its own", "[handlers]") {
    // 10,001 things point at the hub: two pages of 10,000 incoming triples.
    std::string nt = "<http://example.org/id/hub> <http://example.org/p> \"hub\" .\n";
    for (int i = 0; i <= 10000; ++i)
        nt += "<http://example.org/id/t" + std::to_string(i) +
              "> <http://vocab.test/member> <http://example.org/id/hub> .\n";
    const auto store = seeother::rdf::load_store_from_string(nt, "hub.nt");
    Site s = site();
    s.symmetric = true;
    const auto first = handle(local_request("/doc/hub.nt"), *store, s);
    CHECK(first.status == 200);
    CHECK_THAT(std::string(first.header("Link")), Contains("?page=2>; rel=\"next\""));
    CHECK_THAT(first.body, Contains("<http://127.0.0.1:8080/id/t0> <http://vocab.test/member> "
                                    "<http://127.0.0.1:8080/id/hub> ."));
    const auto second = handle(local_request("/doc/hub.nt?page=2"), *store, s);
    CHECK(second.status == 200);
    CHECK_THAT(std::string(second.header("Link")), Contains("rel=\"prev\""));
    CHECK(handle(local_request("/doc/hub.nt?page=3"), *store, s).status == 404);
    // Every incoming triple is on exactly one page.
    std::size_t incoming = 0;
    for (const auto* page : {&first, &second})
        for (auto at = page->body.find("<http://vocab.test/member>"); at != std::string::npos;
             at = page->body.find("<http://vocab.test/member>", at + 1))
            ++incoming;
    CHECK(incoming == 10001);
    // Without --symmetric: one page, no incoming triple.
    const auto plain = handle(local_request("/doc/hub.nt"), *store, site());
    CHECK(plain.header("Link").find("rel=\"next\"") == std::string::npos);
    CHECK(plain.body.find("<http://vocab.test/member>") == std::string::npos);
}
