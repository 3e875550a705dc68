#include "rdf/iri.hpp"

#include <catch2/catch.hpp>

using seeother::rdf::Decoding;
using seeother::rdf::iri_to_uri;
using seeother::rdf::IriRewriter;
using seeother::rdf::percent_decode;
using seeother::rdf::Term;

TEST_CASE("IRI decoding turns UTF-8 escapes into characters", "[iri]") {
    CHECK(percent_decode("caf%C3%A9", Decoding::Iri) == "café");
    CHECK(percent_decode("%E2%82%AC", Decoding::Iri) == "€");
    CHECK(percent_decode("%F0%9F%98%80", Decoding::Iri) == "😀");
}

TEST_CASE("IRI decoding keeps escapes of reserved characters and spaces", "[iri]") {
    CHECK(percent_decode("a%20b%2Fc%3F", Decoding::Iri) == "a%20b%2Fc%3F");
    CHECK(percent_decode("%7e%41", Decoding::Iri) == "~A");
}

TEST_CASE("full decoding decodes everything", "[iri]") {
    CHECK(percent_decode("a%20b%2Fc%28", Decoding::Full) == "a b/c(");
}

TEST_CASE("malformed escapes are rejected", "[iri]") {
    for (const char* s : {"%", "%2", "%G0", "%0g", "abc%"}) {
        CAPTURE(s);
        CHECK_FALSE(percent_decode(s, Decoding::Iri));
        CHECK_FALSE(percent_decode(s, Decoding::Full));
    }
}

TEST_CASE("NUL, encoded or raw, is rejected", "[iri]") {
    CHECK_FALSE(percent_decode("a%00", Decoding::Full));
    CHECK_FALSE(percent_decode(std::string_view("a\0b", 3), Decoding::Iri));
}

TEST_CASE("invalid UTF-8 is rejected: truncated, overlong, surrogate, too large", "[iri]") {
    for (const char* s :
         {"%C3", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%FF", "%80", "\xC3"}) {
        CAPTURE(s);
        CHECK_FALSE(percent_decode(s, Decoding::Iri));
    }
}

TEST_CASE("iri_to_uri percent-encodes non-ASCII and unsafe characters only", "[iri]") {
    CHECK(iri_to_uri("http://example.org/id/café") == "http://example.org/id/caf%C3%A9");
    CHECK(iri_to_uri("http://x/a b<c>\"d") == "http://x/a%20b%3Cc%3E%22d");
    CHECK(iri_to_uri("http://x/a%20b?q=1#f") == "http://x/a%20b?q=1#f");
}

TEST_CASE("the rewriter maps local IRIs in every position, datatypes included", "[iri]") {
    const IriRewriter rewriter("http://example.org/", "http://localhost:8080/");
    CHECK(rewriter.active());
    CHECK(rewriter.rewrite("http://example.org/id/a") == "http://localhost:8080/id/a");
    CHECK(rewriter.rewrite("http://other.org/id/a") == "http://other.org/id/a");
    CHECK(rewriter.rewrite("http://example.org.evil/x") == "http://example.org.evil/x");
    using Parts = std::pair<std::string_view, std::string_view>;
    CHECK(rewriter.rewrite_parts("http://example.org/id/a") ==
          Parts{"http://localhost:8080/", "id/a"});
    CHECK(rewriter.rewrite_parts("http://other.org/id/a") == Parts{"", "http://other.org/id/a"});

    seeother::rdf::Triples triples{
        {Term::iri("http://example.org/id/a"), Term::iri("http://example.org/vocab#p"),
         Term::literal("1", "http://example.org/vocab#dt"), "http://example.org/graph"}};
    rewriter.rewrite_in_place(triples);
    CHECK(triples[0].subject.value == "http://localhost:8080/id/a");
    CHECK(triples[0].predicate.value == "http://localhost:8080/vocab#p");
    CHECK(triples[0].object.datatype == "http://localhost:8080/vocab#dt");
    CHECK(triples[0].object.value == "1");
    CHECK(triples[0].graph == "http://localhost:8080/graph");
}

TEST_CASE("literal values are never rewritten", "[iri]") {
    const IriRewriter rewriter("http://example.org/", "http://localhost/");
    Term literal = Term::literal("http://example.org/id/a");
    rewriter.rewrite_in_place(literal);
    CHECK(literal.value == "http://example.org/id/a");
}

TEST_CASE("a rewriter between equal URLs does nothing", "[iri]") {
    CHECK_FALSE(IriRewriter("http://a/", "http://a/").active());
}

TEST_CASE("with several namespaces the longest base an IRI starts with decides", "[iri][layout]") {
    using Pairs = std::vector<IriRewriter::Pair>;
    const IriRewriter rewriter(Pairs{{"http://dbp.test/", "https://pub.test/"},
                                     {"http://dbp.test/ontology/", "https://pub.test/onto/"}});
    CHECK(rewriter.active());
    CHECK(rewriter.rewrite("http://dbp.test/resource/Berlin") ==
          "https://pub.test/resource/Berlin");
    CHECK(rewriter.rewrite("http://dbp.test/ontology/City") == "https://pub.test/onto/City");
    CHECK(rewriter.rewrite("http://other.test/x") == "http://other.test/x");
    const auto back = rewriter.inverse();
    CHECK(back.rewrite("https://pub.test/onto/City") == "http://dbp.test/ontology/City");
    CHECK(back.rewrite("https://pub.test/resource/Berlin") == "http://dbp.test/resource/Berlin");
    Term datatype = Term::literal("1", "http://dbp.test/ontology/unit");
    rewriter.rewrite_in_place(datatype);
    CHECK(datatype.datatype == "https://pub.test/onto/unit");
    // Pairs that map every base to itself (--keep-iris) change nothing.
    CHECK_FALSE(
        IriRewriter(Pairs{{"http://a/", "http://a/"}, {"http://b/", "http://b/"}}).active());
}
