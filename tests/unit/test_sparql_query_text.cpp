// The SPARQL text the SPARQL store sends: what can and cannot be put in a query, and the
// shape of the questions (every one bounded, every one a CONSTRUCT).
#include "rdf/sparql/query_text.hpp"

#include <catch2/catch.hpp>

namespace sparql = seeother::rdf::sparql;
using Catch::Contains;

TEST_CASE("an IRI goes into a query as it is, unless no SPARQL IRI can hold it", "[sparql-query]") {
    CHECK(sparql::iri_ref("http://e/caf\xC3\xA9#x") == "<http://e/caf\xC3\xA9#x>");
    CHECK(sparql::iri_ref("http://e/a%20b") == "<http://e/a%20b>");
    for (const char* bad :
         {"http://e/a b", "http://e/a<b", "http://e/a>b", "http://e/a\"b", "http://e/a{b",
          "http://e/a|b", "http://e/a^b", "http://e/a`b", "http://e/a\\b", "http://e/a\nb"})
        CHECK_FALSE(sparql::iri_ref(bad));
}

TEST_CASE("only an absolute IRI goes into a query: a relative one would be the engine's to "
          "resolve, or an error",
          "[sparql-query]") {
    CHECK(sparql::iri_ref("urn:x:1") == "<urn:x:1>");
    CHECK(sparql::iri_ref("a+b-c.d:x") == "<a+b-c.d:x>");
    for (const char* relative :
         {"", "root", "f1_b1", "_:f1_b1", ":x", "1a:x", "a_b:x", "/id/a", "id/a:b", "#f"})
        CHECK_FALSE(sparql::iri_ref(relative));
}

TEST_CASE("a string goes into a query with quotes, backslashes and line ends escaped",
          "[sparql-query]") {
    CHECK(sparql::string_literal("a\"b\\c\nd\re") == "\"a\\\"b\\\\c\\nd\\re\"");
    CHECK(sparql::string_literal("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
    // Other controls as escapes: a raw U+0000 ends Virtuoso's query text.
    CHECK(sparql::string_literal(std::string("a\0b\x01\x7F", 5)) == "\"a\\u0000b\\u0001\\u007F\"");
    CHECK(sparql::string_literal("\t") == "\"\\u0009\"");
}

TEST_CASE("graphs become FROM clauses", "[sparql-query]") {
    CHECK(sparql::from_clauses({"<http://g/1>", "<http://g/2>"}) ==
          "FROM <http://g/1>\nFROM <http://g/2>\n");
    CHECK(sparql::from_clauses({}).empty());
}

TEST_CASE("a description page is one query: the total, the page, its closure, markers",
          "[sparql-query]") {
    sparql::SubjectPattern subjects;
    subjects.iris = {"<http://e/id/a>"};
    const auto query = sparql::describe_query(subjects, "FROM <http://g>\n", 200, 100, 3, true);
    CHECK_THAT(query, Contains("FROM <http://g>"));
    CHECK_THAT(query, Contains("VALUES ?s { <http://e/id/a> }"));
    CHECK_THAT(query, Contains("OFFSET 200 LIMIT 100"));
    CHECK_THAT(query, Contains("COUNT(*) AS ?total"));
    CHECK_THAT(query, Contains("<urn:x-seeother:more>"));
    CHECK_THAT(query, Contains("rdf-syntax-ns#rest>* ?n2"));
    CHECK_THAT(query, !Contains("?n3"));
    // Without lists (Virtuoso), no property paths at all.
    CHECK_THAT(sparql::describe_query(subjects, "", 0, 100, 3, false), !Contains(">*"));
    // A whole description: no LIMIT that an engine could overflow on.
    CHECK_THAT(sparql::describe_query(subjects, "", 0, static_cast<std::size_t>(-1), 2, true),
               !Contains("LIMIT"));
}

TEST_CASE("a large hash namespace is a prefix filter", "[sparql-query]") {
    sparql::SubjectPattern subjects;
    subjects.iris = {"<http://e/vocab>"};
    subjects.prefix = "http://e/vocab#";
    CHECK_THAT(sparql::describe_query(subjects, "", 0, 10, 2, true),
               Contains("STRSTARTS(STR(?s), \"http://e/vocab#\") || ?s = <http://e/vocab>"));
}

TEST_CASE("search asks for every accented form of each letter, in the folded text",
          "[sparql-query]") {
    const auto query = sparql::search_query("geneve", "", 50);
    CHECK_THAT(query, Contains("REGEX(LCASE(STR(?o))"));
    CHECK_THAT(query, Contains("\xC3\xA8")); // è
    CHECK_THAT(query, Contains("\xC3\xA9")); // é
    CHECK_THAT(query, Contains("LIMIT 50"));
    // Metacharacters and backslashes of the user's text never reach the engine as such.
    const auto odd = sparql::search_query("a.b\\c(d", "", 5);
    CHECK_THAT(odd, !Contains("\\c"));
    CHECK_THAT(odd, Contains(").(c|C|")); // the backslash became '.'
    CHECK_THAT(odd, Contains(").(d|D|")); // so did the parenthesis
    // White space runs match any white space.
    CHECK_THAT(sparql::search_query("a  b", "", 5), Contains("\\\\s+"));
}

TEST_CASE("the empty prefix lists every subject IRI (Virtuoso: no string starts with \"\")",
          "[sparql-query]") {
    CHECK_THAT(sparql::subjects_query("", "", 0, 10), !Contains("STRSTARTS"));
    CHECK_THAT(sparql::subjects_query("http://e/", "", 0, 10),
               Contains("STRSTARTS(STR(?s), \"http://e/\")"));
}
