// The HTML building blocks and the description page: escaping per context, links, literals,
// nesting, lists, images, languages, paging and the embedded JSON-LD.
#include "server/html/buffer.hpp"
#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"
#include "server/html/sha256.hpp"
#include "server/ld/resolver.hpp"

#include "rdf/serialize.hpp"
#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using namespace seeother::server;
using namespace seeother::server::html;
using seeother::rdf::Term;
using seeother::rdf::Triples;

namespace {

const std::string thing = "http://x.test/id/t";
const std::string ex = "http://x.test/vocab#";

PageContext context(std::string_view accept_language = "") {
    PageContext c;
    c.base = "http://x.test/";
    c.public_base = "http://x.test/";
    c.language = LanguagePreference(parse_accept_language(accept_language));
    c.prefixes.first = {{"ex", ex}};
    return c;
}

/// A document about `thing` (or the hash namespace `iri`) as the server builds it, at
/// /doc/t, with a Turtle alternate.
Document document_of(const seeother::rdf::Store& store, std::size_t page = 1,
                     const std::string& iri = thing) {
    Route route;
    route.kind = Route::Kind::HashDocument; // no foaf:primaryTopic
    route.name = iri.substr(std::string("http://x.test/").size());
    route.with_url = {seeother::rdf::Format::Turtle};
    Document document =
        describe_document(store, route, "http://x.test/", "http://x.test/", page, values_per_page);
    document.url = "http://x.test/doc/t";
    return document;
}

/// Shows how many triples the page's JSON-LD holds, and a string that must not end the
/// block early.
std::string count_json_ld(const Triples& shown, const seeother::rdf::PrefixView&) {
    return "{\"n\": " + std::to_string(shown.size()) + ", \"s\": \"</script><!--\"}";
}

/// Renders page `page` of a description of `thing` from Turtle (prefix ex:, rdfs: and foaf:
/// declared); with `lookups`, labels, backlinks and class counts come from the same data.
std::string render(const std::string& turtle, PageContext c = context(), std::size_t page = 1,
                   bool lookups = false) {
    const auto store = seeother::rdf::load_store_from_string(
        "@prefix ex: <" + ex +
            "> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n" +
            turtle,
        "page.ttl");
    if (lookups)
        c.store = store.get();
    const auto html = description_page(c, document_of(*store, page), count_json_ld);
    return html ? *html : "(none)";
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("each context has its own escape", "[html]") {
    CHECK(escape_html("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    CHECK(escape_attr("\" onload=\"x") == "&quot; onload=&quot;x");
    CHECK(encode_query_value("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
    CHECK(escape_script_data(R"({"a": "</script><!-- & >"})") ==
          R"({"a": "\u003c/script\u003e\u003c!-- \u0026 \u003e"})");
    CHECK(escape_xml("<loc>a&b'\"</loc>") == "&lt;loc&gt;a&amp;b&apos;&quot;&lt;/loc&gt;");
}

TEST_CASE("an IRI in an attribute is escaped as its URI would be, octet by octet", "[html]") {
    // Every octet, alone and between others: the one pass must equal the two.
    for (unsigned c = 0; c < 256; ++c)
        for (const std::string& before : {std::string("http://a/"), std::string(40, 'x')}) {
            const std::string iri = before + std::string(1, static_cast<char>(c)) + "x&'%";
            std::string appended = "<";
            append_uri_attr(appended, iri);
            CAPTURE(c, before.size());
            CHECK(appended == "<" + escape_attr(seeother::rdf::iri_to_uri(iri)));
        }
    std::string out;
    append_uri_attr(out, "http://a/é?q=\"1\"&r='x' y");
    CHECK(out == "http://a/%C3%A9?q=%221%22&amp;r=&#39;x&#39;%20y");
}

TEST_CASE("long text is escaped as its short pieces are, wherever the character falls", "[html]") {
    // Text of 16 octets and more is looked at sixteen at a time; pieces under 16 one at a
    // time: the two ways must agree on every octet and on the sequences HTML forbids.
    std::vector<std::string> sequences = {"\xC2\x85",     "\xC2\xA0",         "\xEF\xB7\x90",
                                          "\xEF\xBF\xBE", "\xF0\x9F\xBF\xBE", "\xF4\x8F\xBF\xBF",
                                          "\xE6\x9D\xB1"};
    for (unsigned c = 0; c < 256; ++c)
        sequences.emplace_back(1, static_cast<char>(c));
    // Pieces of at most 15 octets, cut where `text` has no sequence.
    const auto in_pieces = [](const std::string& text, std::size_t from, std::size_t to,
                              void (*append)(std::string&, std::string_view)) {
        std::string out;
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t end = at < from ? std::min(from, at + 15)
                                    : at < to ? to
                                              : std::min(text.size(), at + 15);
            append(out, std::string_view(text).substr(at, end - at));
            at = end;
        }
        return out;
    };
    for (const auto& sequence : sequences)
        for (std::size_t at = 0; at < 34; ++at) {
            const std::string text =
                std::string(at, 'a') + sequence + std::string(40 - at - sequence.size(), 'b');
            CAPTURE(sequence, at);
            CHECK(escape_html(text) == in_pieces(text, at, at + sequence.size(), append_html));
            CHECK(escape_attr(text) == in_pieces(text, at, at + sequence.size(), append_attr));
        }
}

TEST_CASE("a page's buffer keeps what was appended as it grows", "[html]") {
    Buffer buffer(4);
    std::string expected;
    for (int i = 0; i < 1000; ++i) {
        const std::string piece = std::to_string(i) + (i % 7 == 0 ? std::string(300, 'x') : "");
        buffer += piece;
        buffer += ',';
        append_html(buffer, "<&>");
        expected += piece + "," + escape_html("<&>");
    }
    buffer.append("", 0);
    // An empty view may hold no pointer at all (a rewritten IRI's empty part): nothing to copy.
    buffer += std::string_view();
    buffer.append(nullptr, 0);
    CHECK(buffer.view() == expected);
    CHECK(buffer.size() == expected.size());
}

TEST_CASE("only http, https and mailto IRIs are linkable", "[html]") {
    CHECK(is_linkable("http://a/"));
    CHECK(is_linkable("HTTPS://a/"));
    CHECK(is_linkable("mailto:a@b"));
    CHECK_FALSE(is_linkable("javascript:alert(1)"));
    CHECK_FALSE(is_linkable("JavaScript:alert(1)"));
    CHECK_FALSE(is_linkable("data:text/html,<script>"));
    CHECK_FALSE(is_linkable("urn:isbn:1"));
    CHECK_FALSE(is_linkable("vbscript:x"));
    // The lengths around the schemes', and their cases.
    CHECK(is_linkable("http://"));
    CHECK(is_linkable("https://"));
    CHECK(is_linkable("https://a"));
    CHECK(is_linkable("hTtP://a"));
    CHECK_FALSE(is_linkable("http:/"));
    CHECK_FALSE(is_linkable("https:/a"));
    CHECK_FALSE(is_linkable("httpx://a"));
    CHECK_FALSE(is_linkable("h"));
}

TEST_CASE("SHA-256 and base64 match the published test vectors", "[html]") {
    const auto empty = sha256("");
    CHECK(base64(empty.data(), empty.size()) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    const auto abc = sha256("abc");
    CHECK(base64(abc.data(), abc.size()) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    const auto two_blocks = sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    CHECK(base64(two_blocks.data(), two_blocks.size()) ==
          "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
    const std::uint8_t one[] = {'f'};
    CHECK(base64(one, 1) == "Zg==");
}

TEST_CASE("the CSP runs no script and allows only the page's own style", "[html]") {
    const auto& csp = content_security_policy();
    CHECK_THAT(csp, Contains("default-src 'none'"));
    CHECK_THAT(csp, Contains("style-src 'sha256-"));
    CHECK_THAT(csp, Contains("img-src http: https:"));
    CHECK_THAT(csp, Contains("form-action 'self'"));
    CHECK(csp.find("script-src") == std::string::npos);
    CHECK(csp.find("unsafe") == std::string::npos);
    // The hash is of the exact text of the page's <style> element.
    const std::string page = render("<" + thing + "> rdfs:label \"T\" .");
    const auto open = page.find("<style>") + 7;
    const auto style = page.substr(open, page.find("</style>") - open);
    const auto digest = sha256(style);
    CHECK_THAT(csp, Contains("'sha256-" + base64(digest.data(), digest.size()) + "'"));
    CHECK(count(page, "<style") == 1);
}

TEST_CASE("links show labels for known IRIs, prefixed names, or the IRI", "[html]") {
    const LabelMap labels = {{"http://x.test/id/a", Term::literal("Anne", "", "fr")}};
    const auto c = context();
    CHECK(iri_link(c, "http://x.test/id/a", labels) ==
          "<a class=\"iri\" href=\"http://x.test/id/a\" lang=\"fr\">Anne</a>");
    CHECK(iri_link(c, ex + "knows", {}) ==
          "<a class=\"iri\" href=\"http://x.test/vocab#knows\">ex:knows</a>");
    CHECK(iri_link(c, "http://xmlns.com/foaf/0.1/name", {}) ==
          "<a class=\"iri\" href=\"http://xmlns.com/foaf/0.1/name\">foaf:name</a>");
    CHECK(iri_link(c, "http://other.test/a b", {}) ==
          "<a class=\"iri\" href=\"http://other.test/a%20b\">http://other.test/a b</a>");
    CHECK(iri_link(c, "javascript:alert(\"x\")", {}) ==
          "<span class=\"iri\">javascript:alert(&quot;x&quot;)</span>");
}

TEST_CASE("a page's names are those of the free functions, found once", "[html]") {
    const auto store = seeother::rdf::load_store_from_string(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://x.test/id/a> rdfs:label \"Anne\"@fr, \"Anna\"@de .\n",
        "names.ttl");
    auto c = context("de");
    c.store = store.get();
    const std::vector<std::string> iris = {"http://x.test/id/a", ex + "knows",
                                           "http://x.test/id/b c", "javascript:x"};
    const LabelMap labels = lookup_labels(c, iris);
    PageNames names(c);
    const std::string a = iris[0]; // a copy: a name may be asked for by another view
    names.look_up_labels({iris[0], iris[0], iris[1], iris[2]});
    REQUIRE(names.label(a));
    CHECK(names.label(a)->value == "Anna");
    CHECK_FALSE(names.label(iris[1]));
    CHECK_FALSE(names.label(iris[3])); // not looked up
    for (int twice = 0; twice < 2; ++twice)
        for (const auto& iri : iris) {
            std::string link;
            names.append_iri_link(link, iri);
            CHECK(link == iri_link(c, iri, labels));
            CHECK(names.short_name(iri) == short_name(iri, c));
        }
}

TEST_CASE("a page's names by id are those by IRI, and a label looked up late is shown", "[html]") {
    const auto store = seeother::rdf::load_store_from_string(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://x.test/id/a> rdfs:label \"Anne\"@fr .\n",
        "names.ttl");
    auto c = context();
    c.store = store.get();
    const std::vector<std::string> iris = {"http://x.test/id/a", ex + "Knows", "javascript:x"};
    PageNames names(c);
    std::vector<PageNames::Id> ids;
    for (const auto& iri : iris)
        ids.push_back(names.id(iri));
    CHECK(names.id(std::string(iris[1])) == ids[1]); // an IRI is named once
    // Written before the labels are looked up: kept without one...
    std::string before;
    names.append_iri_link(before, ids[0]);
    CHECK(before == iri_link(c, iris[0], {}));
    CHECK(names.sorting_name(ids[0]) == "http://x.test/id/a");
    // ...and made again with it after.
    names.look_up_labels(ids);
    const LabelMap labels = lookup_labels(c, iris);
    for (std::size_t i = 0; i < iris.size(); ++i) {
        std::string by_id;
        names.append_iri_link(by_id, ids[i]);
        CHECK(by_id == iri_link(c, iris[i], labels));
        std::string short_by_id;
        names.append_short_name(short_by_id, ids[i]);
        CHECK(short_by_id == escape_html(short_name(iris[i], c)));
    }
    CHECK(names.sorting_name(ids[0]) == "anne");
    CHECK(names.sorting_name(ids[1]) == "ex:knows");
}

TEST_CASE("literals show language and datatype small, and long ones fold", "[html]") {
    const auto c = context();
    CHECK(literal_html(c, Term::literal("chat", "", "fr")) ==
          "<span class=\"lit\" lang=\"fr\">chat</span><small class=\"tag\">fr</small>");
    CHECK(literal_html(c, Term::literal("42", "http://www.w3.org/2001/XMLSchema#integer")) ==
          "<span class=\"lit\">42</span><small class=\"tag\">xsd:integer</small>");
    CHECK(literal_html(c, Term::literal("plain", "http://www.w3.org/2001/XMLSchema#string")) ==
          "<span class=\"lit\">plain</span>");
    const std::string long_text = std::string(300, 'a') + " " + std::string(300, 'b');
    const auto folded = literal_html(c, Term::literal(long_text));
    CHECK_THAT(folded, Contains("<details class=\"long\">"));
    CHECK_THAT(folded, Contains("(601 characters)"));
    // The summary and the rest together are the whole text, once.
    CHECK(count(folded, "a") >= 300);
    CHECK(count(folded, std::string(300, 'b')) == 1);
    const auto many_lines = literal_html(c, Term::literal("1\n2\n3\n4\n5\n6\n7\n8\n9\n10"));
    CHECK_THAT(many_lines, Contains("<details"));
}

TEST_CASE("a long literal is cut on a character boundary", "[html]") {
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "é";
    const auto folded = literal_html(context(), Term::literal(text));
    const std::string open = "<summary><span class=\"lit\">";
    const auto summary_start = folded.find(open) + open.size();
    const auto summary =
        folded.substr(summary_start, folded.find("</span>", summary_start) - summary_start);
    CHECK(summary.size() % 2 == 0); // whole two-byte characters only
    CHECK_FALSE(summary.empty());
}

TEST_CASE("the page has a title, an h1, the IRI, types and the description", "[html]") {
    const auto page = render("<" + thing +
                             "> a ex:Trail ; rdfs:label \"Lavaux\"@en ; "
                             "rdfs:comment \"Terraces & <vines>\"@en ; ex:length 11 .");
    CHECK_THAT(page, Contains("<title>Lavaux</title>"));
    CHECK_THAT(page, Contains("<h1 lang=\"en\">Lavaux</h1>"));
    CHECK_THAT(page, Contains("<p class=\"iri\"><a class=\"iri\" href=\"" + thing + "\">"));
    CHECK_THAT(page, Contains("class?iri=http%3A%2F%2Fx.test%2Fvocab%23Trail"));
    CHECK_THAT(page, Contains("Terraces &amp; &lt;vines&gt;"));
    CHECK_THAT(page, Contains("<link rel=\"alternate\" type=\"text/turtle\""));
    CHECK_THAT(page, Contains("<main id=\"main\">"));
    CHECK_THAT(page, Contains("<html lang=\"en\">"));
}

TEST_CASE("type and labels come first, then descriptions, then the rest by name", "[html]") {
    const auto page = render("<" + thing +
                             "> ex:zebra 1 ; ex:apple 2 ; rdfs:comment \"c\" ; "
                             "rdfs:label \"L\" ; a ex:Thing .");
    const auto type = page.find(">rdf:type<");
    const auto label = page.find(">rdfs:label<");
    const auto comment = page.find(">rdfs:comment<");
    const auto apple = page.find(">ex:apple<");
    const auto zebra = page.find(">ex:zebra<");
    CHECK(type < label);
    CHECK(label < comment);
    CHECK(comment < apple);
    CHECK(apple < zebra);
}

TEST_CASE("blank nodes are nested inline and lists are ordered lists", "[html]") {
    const auto page =
        render("<" + thing +
               "> ex:address [ ex:city \"Paris\" ; ex:geo [ ex:lat "
               "\"48\" ] ] ; ex:stops ( \"Lutry\" \"Cully\" [ ex:name \"Epesses\" ] ) .");
    CHECK(count(page, "<div class=\"nested\">") == 3);
    CHECK_THAT(page, Contains("<ol class=\"list\"><li><span class=\"lit\">Lutry</span></li><li>"
                              "<span class=\"lit\">Cully</span></li><li><div class=\"nested\">"));
    CHECK(page.find("rdf:first") == std::string::npos);
    CHECK(page.find("Blank node") == std::string::npos);
}

TEST_CASE("a blank node used twice gets its own section and links", "[html]") {
    const auto page =
        render("<" + thing +
               "> ex:a _:shared ; ex:b _:shared . "
               "_:shared ex:name \"S\" . _:loop ex:next _:loop2 . _:loop2 ex:next _:loop .");
    CHECK(count(page, "href=\"#b-") == 2);
    CHECK_THAT(page, Contains("<section id=\"b-"));
}

TEST_CASE("image properties show their http(s) values as images with alt text", "[html]") {
    const auto page =
        render("<" + thing +
               "> rdfs:label \"Geneva\" ; foaf:depiction "
               "<https://img.test/g.png>, <javascript:alert(1)>, <data:image/png;base64,AA> .");
    CHECK_THAT(page, Contains("<img src=\"https://img.test/g.png\" alt=\"Image of Geneva\" "
                              "loading=\"lazy\" referrerpolicy=\"no-referrer\">"));
    CHECK(count(page, "<img") == 1);
    CHECK(page.find("href=\"javascript:") == std::string::npos);
    CHECK(page.find("href=\"data:image") == std::string::npos);
}

TEST_CASE("hostile literals and IRIs never become markup", "[html]") {
    const auto page = render("<" + thing + R"x(> rdfs:label "<script>alert('x')</script>" ;
        ex:p "\" onmouseover=\"alert(1)" ; ex:q <javascript:alert(1)> ;
        ex:r "x"@en-x-evil ; ex:s "]]></style><script>" .)x");
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("</style><script") == std::string::npos);
    CHECK(page.find("href=\"javascript") == std::string::npos);
    CHECK_THAT(page, Contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>"));
    CHECK_THAT(page, Contains("&quot; onmouseover=&quot;alert(1)"));
    // The JSON-LD block cannot be ended early by the data.
    CHECK_THAT(page, Contains("\"\\u003c/script\\u003e\\u003c!--\""));
    CHECK(count(page, "</script>") == 1);
}

TEST_CASE("literals in the reader's language come first, others are folded", "[html]") {
    const std::string data = "<" + thing +
                             "> rdfs:label \"Lake\"@en, \"Lac\"@fr ; "
                             "ex:note \"Hello\"@en, \"Bonjour\"@fr, \"Hallo\"@de, \"42\" .";
    const auto french = render(data, context("fr-CH, en;q=0.5"));
    CHECK_THAT(french, Contains("<title>Lac</title>"));
    CHECK_THAT(french, Contains("<li><span class=\"lit\" lang=\"fr\">Bonjour</span>"));
    CHECK_THAT(french, Contains("2 in other languages (de, en)"));
    CHECK(french.find("Bonjour") < french.find("Hello"));

    const auto english = render(data, context(""));
    CHECK_THAT(english, Contains("<title>Lake</title>"));
    CHECK_THAT(english, Contains("2 in other languages (de, fr)"));

    // Every language of the page is one link away.
    CHECK_THAT(french, Contains("<a href=\"?lang=de\" lang=\"de\">de</a>"));
    CHECK_THAT(french, Contains("<a href=\"?lang=fr\" lang=\"fr\">fr</a>"));
}

TEST_CASE("?lang= is kept in links and marked as the current language", "[html]") {
    auto c = context("en");
    c.lang = "fr";
    c.language = LanguagePreference(parse_accept_language("fr"));
    const auto page = render("<" + thing + "> rdfs:label \"Lake\"@en, \"Lac\"@fr .", c);
    CHECK_THAT(page, Contains("<strong aria-current=\"page\" lang=\"fr\">fr</strong>"));
    CHECK_THAT(page, Contains("<a href=\"http://x.test/doc/t\">automatic</a>"));
    CHECK_THAT(page, Contains("<input type=\"hidden\" name=\"lang\" value=\"fr\">"));
}

TEST_CASE("many values are paged, with counts and prev/next links", "[html]") {
    std::string data = "<" + thing + "> rdfs:label \"Hub\" ";
    for (int i = 0; i < 450; ++i)
        data += "; ex:v " + std::to_string(1000 + i) + " ";
    data += ".";
    const auto first = render(data);
    CHECK_THAT(first, Contains("<link rel=\"next\" href=\"?page=2\">"));
    CHECK(first.find("rel=\"prev\"") == std::string::npos);
    CHECK_THAT(first, Contains("Page 1 of 3"));
    CHECK_THAT(first, Contains("(451 values)"));
    CHECK_THAT(first, Contains(">1000<"));
    CHECK(first.find(">1300<") == std::string::npos);

    // The label is on page 1: later pages look it up.
    const auto second = render(data, context(), 2, true);
    CHECK_THAT(second, Contains("<title>Hub (page 2)</title>"));
    CHECK_THAT(second, Contains("<link rel=\"prev\" href=\"?page=1\">"));
    CHECK_THAT(second, Contains("<link rel=\"next\" href=\"?page=3\">"));
    CHECK(second.find(">1000<") == std::string::npos);
    CHECK_THAT(second, Contains(">1300<"));
    CHECK_THAT(second, Contains("<h1>Hub</h1>")); // every page says what it is about

    CHECK(render(data, context(), 3).find(">1449<") != std::string::npos);
    CHECK(render(data, context(), 4) == "(none)");
    CHECK(render("<" + thing + "> ex:v 1 .", context(), 2) == "(none)");
}

TEST_CASE("backlinks are grouped by predicate with counts and paged", "[html]") {
    std::string data = "<" + thing + "> rdfs:label \"Hub\" .\n";
    for (int i = 0; i < 250; ++i)
        data += "<http://x.test/id/p" + std::to_string(i) + "> " +
                (i < 200 ? "ex:knows" : "ex:likes") + " <" + thing + "> .\n";
    const auto page = render(data, context(), 1, true);
    CHECK_THAT(page, Contains("Referenced by <small>(250)</small>"));
    CHECK_THAT(page, Contains("200 as <a class=\"iri\" href=\"http://x.test/vocab#knows\">"));
    CHECK_THAT(page, Contains("50 as <a"));
    CHECK_THAT(page, Contains("Showing 1&ndash;100 of 250."));
    CHECK_THAT(page, Contains("Page 1 of 3"));
    CHECK(count(page, "href=\"http://x.test/id/p") == 100);
}

TEST_CASE("the JSON-LD block holds the triples shown on the page", "[html]") {
    const auto page = render("<" + thing + "> rdfs:label \"T\" ; ex:a [ ex:b 1 ] .");
    CHECK_THAT(page, Contains("<script type=\"application/ld+json\">{\"n\": 3,"));
}

TEST_CASE("the page's JSON-LD is made safe for its script element as it is written", "[html]") {
    // What HTML forbids in the element, in every place a string can be: the one pass must
    // equal escaping the JSON-LD document after.
    const std::string hostile[] = {"a</script><!-- & > <b <",
                                   "\xC2\x85 \xC2\x9F \xC2\xA0",
                                   "\xEF\xB7\x90 \xEF\xB7\xAF",
                                   "\xEF\xBF\xBE \xEF\xBF\xBF",
                                   "\xF0\x9F\xBF\xBE \xF4\x8F\xBF\xBF \xF0\x9F\x98\x80",
                                   "\x01\x7F\t\n \xE2\x80\xA8",
                                   "\xFF\xC2 invalid",
                                   "plain é 東京"};
    Triples triples;
    const std::string s = "http://x.test/a?b=1&c=2";
    for (const auto& text : hostile) {
        triples.push_back({Term::iri(s), Term::iri("http://x.test/p&q"), Term::literal(text), {}});
        triples.push_back(
            {Term::iri(s), Term::iri(ex + "d"), Term::literal(text, "http://x.test/t&<>"), {}});
        triples.push_back({Term::iri(s), Term::iri(ex + "l"), Term::literal(text, "", "en"), {}});
        triples.push_back(
            {Term::iri(s), Term::iri(ex + "o"), Term::iri("http://x.test/&'" + text), {}});
    }
    seeother::rdf::PrefixView prefixes;
    prefixes.first = {{"ex", ex}, {"amp", "http://x.test/a&b/"}};
    const auto plain = seeother::rdf::serialize(triples, seeother::rdf::Format::JsonLd, prefixes);
    CHECK(seeother::rdf::serialize_jsonld_for_script(triples, prefixes) ==
          escape_script_data(plain));
}

TEST_CASE("the JSON-LD of a later page holds only that page's triples", "[html]") {
    std::string data = "<" + thing + "> rdfs:label \"Hub\" ";
    for (int i = 0; i < 250; ++i)
        data += "; ex:v " + std::to_string(1000 + i) + " ";
    data += ".";
    // 251 values: the label and 199 of ex:v on page 1, the other 51 on page 2.
    CHECK_THAT(render(data), Contains("<script type=\"application/ld+json\">{\"n\": 200,"));
    CHECK_THAT(render(data, context(), 2),
               Contains("<script type=\"application/ld+json\">{\"n\": 51,"));
}

TEST_CASE("a label is chosen by the reader's language, else English, else the first", "[html]") {
    const std::vector<Term> labels = {Term::literal("Lac", "", "fr"),
                                      Term::literal("Lake", "", "en"),
                                      Term::literal("See", "", "de")};
    CHECK(choose_label(labels, LanguagePreference(parse_accept_language("de")))->value == "See");
    CHECK(choose_label(labels, LanguagePreference())->value == "Lake");
    CHECK(choose_label({labels[0], labels[2]}, LanguagePreference())->value == "Lac");
    CHECK_FALSE(choose_label({}, LanguagePreference()));
}

TEST_CASE("the 303 note links to the document", "[html]") {
    const auto note = see_other_page("http://x.test/doc/a?b&c");
    CHECK_THAT(note, Contains("<a href=\"http://x.test/doc/a?b&amp;c\">"));
    CHECK_THAT(note, Contains("<!DOCTYPE html>"));
}

TEST_CASE("numbers get thousands separators", "[html]") {
    CHECK(with_separators(0) == "0");
    CHECK(with_separators(999) == "999");
    CHECK(with_separators(1000) == "1,000");
    CHECK(with_separators(1234567) == "1,234,567");
}

TEST_CASE("a hash document's sections take their fragment as id, unless the page uses it",
          "[html]") {
    const auto store = seeother::rdf::load_store_from_string(R"(
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://x.test/v> rdfs:label "Vocabulary" .
<http://x.test/v#Trail> rdfs:label "Trail" .
<http://x.test/v#main> rdfs:label "Main" .
<http://x.test/v#b-x> rdfs:label "Not a blank node" .
)",
                                                             "hash.ttl");
    const auto page = *description_page(context(), document_of(*store, 1, "http://x.test/v"));
    CHECK_THAT(page, Contains("<section id=\"Trail\">"));
    CHECK(count(page, "id=\"main\"") == 1);
    CHECK(page.find("id=\"b-x\"") == std::string::npos);
}

TEST_CASE("a blank node used once is shown once, whatever the order of its user", "[html]") {
    // _:a sorts before _:z, which alone uses it; neither is reached from an IRI.
    Document document;
    document.thing = thing;
    document.url = "http://x.test/doc/t";
    document.triples = {
        {Term::iri(thing), Term::iri(ex + "p"), Term::literal("x"), {}},
        {Term::blank("z"), Term::iri(ex + "uses"), Term::blank("a"), {}},
        {Term::blank("a"), Term::iri(ex + "value"), Term::literal("inner"), {}},
    };
    document.total = 1;
    const auto page = *description_page(context(), document);
    CHECK(count(page, ">inner<") == 1);
    CHECK_THAT(page, Contains("<section id=\"b-z\">"));
    CHECK(page.find("id=\"b-a\"") == std::string::npos);
}

TEST_CASE("a document shows the store's prefixes through its index, never a copy of them",
          "[html]") {
    const auto store = seeother::rdf::load_store_from_string(
        "@prefix ex: <http://x.test/vocab#> .\n<http://x.test/id/a> ex:p 1 .\n", "t.ttl");
    const auto route = seeother::server::resolve("/doc/a", *store, "http://x.test/");
    REQUIRE(route);
    const auto document = seeother::server::describe_document(*store, *route, "http://x.test/",
                                                              "http://public.test/", 1, 100);
    // Copying the list cost every request the time of all prefixes (100,000 made 16 s).
    CHECK(document.prefixes.index == &store->prefixes());
    CHECK(document.prefixes.shown("http://x.test/vocab#") == "http://public.test/vocab#");
}
