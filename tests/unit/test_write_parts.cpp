// The pure parts of writes: bearer tokens, reading a write's content, and where a write
// creates a document.
#include "server/ld/resolver.hpp"
#include "server/write/tokens.hpp"
#include "server/write/upload.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

using namespace seeother;
using namespace seeother::server;
using Catch::Matchers::Contains;

namespace {

Request put(std::string body, std::string content_type, std::string coding = {}) {
    Request request;
    request.method = "PUT";
    request.target = "/doc/x";
    request.version = "HTTP/1.1";
    request.headers = {{"Host", "h"}, {"Content-Type", std::move(content_type)}};
    if (!coding.empty())
        request.headers.emplace_back("Content-Encoding", std::move(coding));
    request.body = std::move(body);
    return request;
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

TEST_CASE("a bearer token is read from Authorization, any case of the scheme", "[write]") {
    CHECK(bearer_token("Bearer abc.def-ghi") == std::string_view("abc.def-ghi"));
    CHECK(bearer_token("bearer  tok ") == std::string_view("tok"));
    CHECK_FALSE(bearer_token("Basic dXNlcjpwYXNz"));
    CHECK_FALSE(bearer_token("Bearer"));
    CHECK_FALSE(bearer_token("Bearer a b"));
    CHECK_FALSE(bearer_token("Bearertok"));
    CHECK_FALSE(bearer_token(""));
}

TEST_CASE("tokens match whole, never by prefix or length", "[write]") {
    const WriteTokens tokens({"first-token-0123456789", "second-token-0123456789"});
    CHECK(tokens.accepts("first-token-0123456789"));
    CHECK(tokens.accepts("second-token-0123456789"));
    CHECK_FALSE(tokens.accepts("first-token-012345678"));
    CHECK_FALSE(tokens.accepts("first-token-01234567890"));
    CHECK_FALSE(tokens.accepts(""));
    CHECK_THROWS_WITH(WriteTokens::read("/nonexistent/tokens"), Contains("cannot read"));
}

TEST_CASE("a write's syntax comes from Content-Type", "[write]") {
    CHECK(upload_format("text/turtle") == rdf::Format::Turtle);
    CHECK(upload_format("Text/Turtle; charset=utf-8") == rdf::Format::Turtle);
    CHECK(upload_format("application/n-triples") == rdf::Format::NTriples);
    CHECK(upload_format("application/n-quads") == rdf::Format::NQuads);
    CHECK(upload_format("application/trig") == rdf::Format::TriG);
    CHECK(upload_format("application/rdf+xml") == rdf::Format::RdfXml);
    CHECK_FALSE(upload_format("application/ld+json")); // not read (README)
    CHECK_FALSE(upload_format("text/html"));
    CHECK_FALSE(upload_format(""));
}

TEST_CASE("a write's content: public URLs become the data's IRIs, blank nodes its own", "[write]") {
    const rdf::IriRewriter to_data("http://127.0.0.1:8080/", "http://data.test/");
    UploadSettings settings;
    settings.name = "content";
    settings.base_url = "http://127.0.0.1:8080/doc/x";
    settings.to_data = &to_data;
    settings.blank_prefix = "w1_";
    settings.max_bytes = 1 << 20;
    const auto triples = read_upload(
        put("<../id/x> <http://127.0.0.1:8080/p> [ <http://other.test/q> \"v\" ] .", "text/turtle"),
        settings);
    REQUIRE(triples);
    REQUIRE(triples->size() == 2);
    const auto& first = (*triples)[0].subject.is_iri() ? (*triples)[0] : (*triples)[1];
    CHECK(first.subject.value == "http://data.test/id/x");
    CHECK(first.predicate.value == "http://data.test/p");
    CHECK(first.object.is_blank());
    CHECK(first.object.value.rfind("w1_", 0) == 0);

    const auto zipped = read_upload(
        put(gzip("<http://a.test/s> <http://a.test/p> 1 ."), "text/turtle", "gzip"), settings);
    REQUIRE(zipped);
    CHECK(zipped->size() == 1);

    const auto bad = read_upload(put("<s> <p>\n .", "text/turtle"), settings);
    REQUIRE_FALSE(bad);
    CHECK(bad.problem().status == 400);
    CHECK_THAT(bad.problem().message, Contains("content:2:"));
    CHECK(read_upload(put("x", "text/plain"), settings).problem().status == 415);
    CHECK(read_upload(put("x", "text/turtle", "br"), settings).problem().status == 415);
    CHECK(read_upload(put("not gzip", "text/turtle", "gzip"), settings).problem().status == 400);
    settings.max_bytes = 100;
    CHECK(read_upload(put(gzip(std::string(1000, ' ')), "text/turtle", "gzip"), settings)
              .problem()
              .status == 413);
}

TEST_CASE("a write creates a document at a document's path, never at a thing's", "[write]") {
    const Namespaces spaces{default_namespace("http://data.test/")};
    const auto doc = new_document("/doc/new", spaces);
    REQUIRE(doc);
    CHECK(doc->kind == Route::Kind::Document);
    CHECK(doc->iri == "http://data.test/id/new");
    const auto hash = new_document("/vocab", spaces);
    REQUIRE(hash);
    CHECK(hash->kind == Route::Kind::HashDocument);
    CHECK(hash->iri == "http://data.test/vocab");
    CHECK_FALSE(new_document("/id/new", spaces));
    CHECK_FALSE(new_document("/.well-known/seeother/search", spaces));
    CHECK_FALSE(new_document("/bad%zz", spaces));
    Namespace slash = default_namespace("http://data.test/");
    slash.layout = *named_layout("slash");
    CHECK_FALSE(new_document("/new", {slash}));
    CHECK(new_document("/doc/new", {slash})->iri == "http://data.test/new");
}
