// The description page on descriptions no page should be: chains and lists of a million blank
// nodes (rendered without recursion bounded by the data, in output linear in the
// description), and text with controls and noncharacters (shown, never raw in the markup).
#include "server/html/escape.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"

#include "rdf/writer_util.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace seeother::server;
using namespace seeother::server::html;
using seeother::rdf::Term;
using seeother::rdf::Triple;
using seeother::rdf::Triples;
using namespace std::string_literals;

namespace {

const std::string thing = "http://x.test/id/t";
const std::string next = "http://e/n"; // short: a million triples of it stay small

PageContext context() {
    PageContext c;
    c.base = "http://x.test/";
    c.public_base = "http://x.test/";
    return c;
}

/// A one-page document about `thing` made of `triples`, with a Turtle alternate.
Document document(Triples triples) {
    Document d;
    d.thing = thing;
    d.url = "http://x.test/doc/t";
    d.with_url = {seeother::rdf::Format::Turtle};
    d.triples = std::move(triples);
    d.total = 1;
    return d;
}

/// The JSON-LD block is the writers' business; here it only counts what the page shows.
std::string count_json_ld(const Triples& shown, const seeother::rdf::PrefixView&) {
    return "{\"shown\": " + std::to_string(shown.size()) + "}";
}

std::string render(const Document& d) {
    const auto html = description_page(context(), d, count_json_ld);
    REQUIRE(html);
    return *html;
}

std::string blank(std::size_t i) {
    return "b" + std::to_string(i);
}

/// thing -> _:b0 -> _:b1 -> … -> _:b(links-1) "end", one link a triple.
Document chain(std::size_t links) {
    Triples triples;
    triples.reserve(links + 1);
    triples.push_back({Term::iri(thing), Term::iri(next), Term::blank(blank(0)), {}});
    for (std::size_t i = 0; i + 1 < links; ++i)
        triples.push_back({Term::blank(blank(i)), Term::iri(next), Term::blank(blank(i + 1)), {}});
    triples.push_back({Term::blank(blank(links - 1)), Term::iri(next), Term::literal("end"), {}});
    return document(std::move(triples));
}

/// thing ex:list ( item0 item1 … ), each item made by `item(i)`.
template <class Item> Document list(std::size_t items, Item item) {
    const std::string first = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
    const std::string rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
    Triples triples;
    triples.push_back({Term::iri(thing), Term::iri(next), Term::blank("l0"), {}});
    for (std::size_t i = 0; i < items; ++i) {
        const Term node = Term::blank("l" + std::to_string(i));
        item(triples, node, i);
        triples.push_back({node,
                           Term::iri(rest),
                           i + 1 == items
                               ? Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
                               : Term::blank("l" + std::to_string(i + 1)),
                           {}});
    }
    return document(std::move(triples));
}

const std::string first_iri = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";

void literal_item(Triples& triples, const Term& node, std::size_t i) {
    triples.push_back({node, Term::iri(first_iri), Term::literal("item " + std::to_string(i)), {}});
}

/// Whether a (huge) page holds `needle`: a failed check prints the needle, not the page.
bool has(const std::string& html, const std::string& needle) {
    return html.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

} // namespace

TEST_CASE("a chain of a million blank nodes renders, a section every 42 links", "[html][limits]") {
    constexpr std::size_t links = 1000000;
    const std::string html = render(chain(links));
    CHECK(has(html, "<span class=\"lit\">end</span>"));
    // _:b0 is a value of the thing, at depth 0; _:b41 would be at depth 41: a section, where
    // _:b42 is at depth 0 again.
    CHECK(count(html, "<section id=\"b-") == (links - 1) / 42);
    CHECK(has(html, "<section id=\"b-b41\">"));
    CHECK(has(html, "<a href=\"#b-b41\">"));
    CHECK_FALSE(has(html, "<section id=\"b-b40\">"));
    // Linear: a few hundred bytes a link.
    CHECK(html.size() < links * 200);
    CHECK(has(html, "{\"shown\": 1000001}"));
}

TEST_CASE("every link to a blank node's section leads to one", "[html][limits]") {
    const std::string html = render(chain(1000));
    std::size_t links = 0;
    for (auto at = html.find("href=\"#b-"); at != std::string::npos;
         at = html.find("href=\"#b-", at + 1)) {
        const auto end = html.find('"', at + 6);
        const std::string id = html.substr(at + 7, end - at - 7);
        CAPTURE(id);
        CHECK(count(html, "id=\"" + id + "\"") == 1);
        ++links;
    }
    CHECK(links == 999 / 42);
}

TEST_CASE("a list of a million items shows the first thousand and says how many more",
          "[html][limits]") {
    constexpr std::size_t items = 1000000;
    const std::string html = render(list(items, literal_item));
    CHECK(count(html, "<ol class=\"list\">") == 1);
    CHECK(count(html, "<li>") == 1000);
    CHECK(has(html, ">item 999<"));
    CHECK_FALSE(has(html, ">item 1000<"));
    CHECK(has(html, "<p class=\"muted\">The first 1,000 of 1,000,000 items; all of them are in "
                    "<a href=\"http://x.test/doc/t.ttl\""));
    // The shown items and the nodes that hold them, and the thing's triple.
    CHECK(has(html, "{\"shown\": 2001}"));
    CHECK(html.size() < 200000);
}

TEST_CASE("the blank nodes of a list's items past the first thousand get no sections",
          "[html][limits]") {
    const auto item = [](Triples& triples, const Term& node, std::size_t i) {
        const Term value = Term::blank("v" + std::to_string(i));
        triples.push_back({node, Term::iri(first_iri), value, {}});
        triples.push_back(
            {value, Term::iri(next), Term::literal("value " + std::to_string(i)), {}});
    };
    const std::string html = render(list(5000, item));
    CHECK(has(html, ">value 999<"));
    CHECK_FALSE(has(html, ">value 1000<"));
    CHECK(count(html, "<section") == 1);
}

TEST_CASE("a list nested 100,000 levels deep renders, a section every 42 levels",
          "[html][limits]") {
    // ( ( ( … "in" … ) ) ): each list's only item is the next list.
    constexpr std::size_t levels = 100000;
    Triples triples;
    triples.push_back({Term::iri(thing), Term::iri(next), Term::blank("l0"), {}});
    for (std::size_t i = 0; i < levels; ++i) {
        const Term node = Term::blank("l" + std::to_string(i));
        triples.push_back(
            {node,
             Term::iri(first_iri),
             i + 1 == levels ? Term::literal("in") : Term::blank("l" + std::to_string(i + 1)),
             {}});
        triples.push_back({node,
                           Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"),
                           Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"),
                           {}});
    }
    const std::string html = render(document(std::move(triples)));
    CHECK(has(html, "<span class=\"lit\">in</span>"));
    CHECK(count(html, "<section id=\"b-") == (levels - 1) / 42);
    CHECK(html.size() < levels * 200);
}

TEST_CASE("a long list that is no list is nested, and found out once", "[html][limits]") {
    // The last node has one triple too many: no node starts a list. Finding that out again
    // for each of the 100,000 nodes would take 10^10 steps.
    constexpr std::size_t items = 100000;
    auto d = list(items, literal_item);
    d.triples.push_back(
        {Term::blank("l" + std::to_string(items - 1)), Term::iri(next), Term::literal("x"), {}});
    const std::string html = render(d);
    CHECK(count(html, "<ol") == 0);
    CHECK(has(html, ">item 99999<"));
}

TEST_CASE("controls and noncharacters show visibly in text, attributes and the JSON-LD block",
          "[html][limits]") {
    // Element text: C0 controls and DEL as their control pictures, C1 controls and
    // noncharacters as escapes, each in a styled span; tab, line feed and carriage return
    // are text HTML allows.
    CHECK(escape_html("a\0b"s) == "a<span class=\"ctl\">\u2400</span>b");
    CHECK(escape_html("\x01\x1b\x7f") == "<span class=\"ctl\">\u2401</span>"
                                         "<span class=\"ctl\">\u241b</span>"
                                         "<span class=\"ctl\">\u2421</span>");
    CHECK(escape_html("t\tl\nc\r") == "t\tl\nc\r");
    CHECK(escape_html("\u0085|\u009f|\ufdd0|\ufdef|\ufffe|\uffff|\U0001fffe|\U0010ffff") ==
          "<span class=\"ctl\">\\u0085</span>|<span class=\"ctl\">\\u009F</span>|"
          "<span class=\"ctl\">\\uFDD0</span>|<span class=\"ctl\">\\uFDEF</span>|"
          "<span class=\"ctl\">\\uFFFE</span>|<span class=\"ctl\">\\uFFFF</span>|"
          "<span class=\"ctl\">\\U0001FFFE</span>|<span class=\"ctl\">\\U0010FFFF</span>");
    // Characters that only start like those stay as they are, cut ones too.
    const std::string fine = "\u00a0\u00e9\ufdcf\ufdf0\ufffd\ufb01\U0001f600\U0001fffd\u2028";
    CHECK(escape_html(fine) == fine);
    CHECK(escape_html("\xef\xbf") == "\xef\xbf");
    CHECK(escape_html("\xc2") == "\xc2");
    // Attribute values: the same, without spans.
    CHECK(escape_attr("\0\x85"s) == "\u2400\x85");
    CHECK(escape_attr("a\u0085\ufffe\x01") == "a\\u0085\\uFFFE\u2401");
    // The JSON-LD block: JSON escapes, a surrogate pair past U+FFFF.
    CHECK(escape_script_data("\"\0\x7f\u0085\ufffe\U0001ffff<\""s) ==
          "\"\\u0000\\u007f\\u0085\\ufffe\\ud83f\\udfff\\u003c\"");
}

TEST_CASE("a literal or IRI with controls leaves no forbidden code point in the page",
          "[html][limits]") {
    const std::string controls = "nul \0 bell \a c1 \u0085 nonchar \uffff"s;
    Triples triples = {
        {Term::iri(thing), Term::iri(next), Term::literal(controls), {}},
        {Term::iri(thing), Term::iri(next), Term::iri("http://e/\u0085\x01"), {}},
        {Term::iri(thing), Term::iri(next + "\x7f"), Term::literal("x"), {}},
    };
    const std::string html = render(document(std::move(triples)));
    CHECK(has(html, "nul <span class=\"ctl\">\u2400</span> bell <span class=\"ctl\">\u2407</span>"
                    " c1 <span class=\"ctl\">\\u0085</span> nonchar <span class=\"ctl\">\\uFFFF"));
    CHECK(has(html, "http://e/<span class=\"ctl\">\\u0085</span><span class=\"ctl\">\u2401"));
    for (const char* raw : {"\x01", "\x07", "\x7f", "\u0085", "\uffff"}) {
        CAPTURE(raw);
        CHECK_FALSE(has(html, raw));
    }
    CHECK(html.find('\0') == std::string::npos);
}

TEST_CASE("a prefixed name costs the IRI's length, whatever the number of prefixes",
          "[html][limits]") {
    seeother::rdf::Prefixes prefixes;
    for (std::size_t i = 0; i < 100000; ++i)
        prefixes.push_back({"p" + std::to_string(i), "http://p.test/ns" + std::to_string(i) + "/"});
    prefixes.push_back({"deeper", "http://p.test/ns7/sub/"});
    prefixes.push_back({"zz", "http://p.test/ns8/"}); // a second name: as in Turtle, the smaller
    const seeother::rdf::PrefixIndex index(prefixes);

    // On a page: the data's longest prefix, a well-known one for what the data leaves out,
    // the IRI when the local part is not a simple name or there is none.
    PageContext c = context();
    c.prefixes.index = &index;
    CHECK(short_name("http://p.test/ns99999/name", c) == "p99999:name");
    CHECK(short_name("http://p.test/ns7/sub/x", c) == "deeper:x");
    CHECK(short_name("http://p.test/ns7/y", c) == "p7:y");
    CHECK(short_name("http://p.test/ns8/y", c) == "p8:y");
    CHECK(short_name("http://xmlns.com/foaf/0.1/name", c) == "foaf:name");
    CHECK(short_name("http://p.test/ns7/a b", c) == "http://p.test/ns7/a b");
    CHECK(short_name("http://p.test/ns9/", c) == "http://p.test/ns9/");
    CHECK(short_name("http://other.test/x", c) == "http://other.test/x");
    // The bindings looked at: those whose namespace the IRIs start with, not the 100,002.
    CHECK(c.prefix_names().probes() <= 16);
}
