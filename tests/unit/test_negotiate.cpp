// Choosing a representation from an Accept field: one case or table row per edge case.
// Every case passes its own `offered` list, so new rows in the format table change nothing
// here; the few cases over the whole table say so in their names.
#include "server/ld/negotiate.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using seeother::rdf::Format;
using seeother::server::choose;
using seeother::server::parse_accept;

namespace {

const std::vector<Format> turtle_nt_html{Format::Turtle, Format::NTriples, Format::Html};

// The chosen format's name, or "none" (a 406).
std::string pick(std::string_view accept, const std::vector<Format>& offered = turtle_nt_html) {
    auto format = choose(parse_accept(accept), offered);
    return format ? std::string(seeother::rdf::info(*format).name) : "none";
}

std::vector<Format> every_format() {
    std::vector<Format> all;
    for (const auto& row : seeother::rdf::formats())
        all.push_back(row.format);
    return all;
}

struct Client {
    const char* who;
    const char* accept;
};

} // namespace

// --- real clients ---------------------------------------------------------------------------

TEST_CASE("browsers get HTML", "[negotiate]") {
    const Client browsers[] = {
        {"Chromium", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                     "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"},
        {"Firefox (older)", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
        {"Firefox", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                    "image/webp,image/png,image/svg+xml,*/*;q=0.8"},
        {"Safari", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    };
    for (const auto& browser : browsers) {
        CAPTURE(browser.who, browser.accept);
        CHECK(pick(browser.accept) == "HTML");
        CHECK(pick(browser.accept, every_format()) == "HTML"); // whatever else is offered
    }
}

TEST_CASE("curl's */* gets Turtle", "[negotiate]") {
    CHECK(pick("*/*") == "Turtle");
    CHECK(pick("*/*", every_format()) == "Turtle"); // Turtle leads the format table
}

TEST_CASE("no Accept field gets the first offered format", "[negotiate]") {
    CHECK(choose({}, turtle_nt_html) == Format::Turtle);
    CHECK(choose({}, every_format()) == Format::Turtle);
    CHECK(choose({}, {Format::Html, Format::Turtle}) == Format::Html);
}

TEST_CASE("nothing offered means nothing chosen", "[negotiate]") {
    CHECK_FALSE(choose({}, {}).has_value());
    CHECK_FALSE(choose(parse_accept("*/*"), {}).has_value());
}

TEST_CASE("an Accept field with no well-formed element counts as absent", "[negotiate]") {
    // parse_accept yields no ranges; RFC 9110 lets a server disregard such a field.
    CHECK(pick("*/html, q=0.5, text") == "Turtle");
}

TEST_CASE("rapper gets the RDF syntax it asked for", "[negotiate]") {
    // Captured from rapper (raptor2 2.0.15) fetching a URL.
    const Client rapper[] = {
        // default, -i rdfxml: RDF/XML is not offered, so */*;q=0.1 ties and Turtle leads
        {"rapper", "application/rdf+xml, text/rdf;q=0.6, */*;q=0.1"},
        {"rapper -i turtle",
         "text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, "
         "text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, */*;q=0.1"},
        {"rapper -i guess",
         "application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, "
         "text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, "
         "text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, application/x-trig, "
         "application/rss;q=0.8, application/rss+xml;q=0.8, text/rss;q=0.8, "
         "application/xml;q=0.3, text/xml;q=0.3, application/atom+xml;q=0.3, "
         "text/html;q=0.2, application/xhtml+xml;q=0.4, text/html;q=0.6, "
         "application/xhtml+xml;q=0.8, application/json;q=0.1, text/json;q=0.1, "
         "text/x-nquads, */*;q=0.1"},
    };
    for (const auto& client : rapper) {
        CAPTURE(client.who, client.accept);
        CHECK(pick(client.accept) == "Turtle");
    }
    CHECK(pick("application/n-triples, text/plain;q=0.1, */*;q=0.1") == "N-Triples"); // -i ntriples
}

TEST_CASE("rapper's guess Accept prefers N-Triples to HTML when Turtle is not offered",
          "[negotiate]") {
    CHECK(pick("application/n-triples, text/html;q=0.6, */*;q=0.1",
               {Format::Html, Format::NTriples}) == "N-Triples");
}

TEST_CASE("rdflib's default Accept gets HTML when RDF/XML is not offered", "[negotiate]") {
    // rdflib 6 (Debian 12) with no format. RFC 9110 says application/xhtml+xml;q=0.5 beats
    // */*;q=0.1, so HTML it is; rdflib's HTML parser finds no RDF in it. Offering RDF/XML
    // (q=1) fixes this for rdflib.
    CHECK(pick("application/rdf+xml,text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5, */*;q=0.1") ==
          "HTML");
}

TEST_CASE("rdflib's and rapper's default Accept get RDF/XML from the whole table", "[negotiate]") {
    CHECK(pick("application/rdf+xml,text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5, */*;q=0.1",
               every_format()) == "RDF/XML");
    CHECK(pick("application/rdf+xml, text/rdf;q=0.6, */*;q=0.1", every_format()) == "RDF/XML");
}

TEST_CASE("JSON-LD clients get JSON-LD, plain application/json is not JSON-LD", "[negotiate]") {
    CHECK(pick("application/ld+json", every_format()) == "JSON-LD");
    CHECK(pick("application/ld+json;profile=\"http://www.w3.org/ns/json-ld#compacted\"",
               every_format()) == "JSON-LD");
    CHECK(pick("application/json", every_format()) == "none");
}

TEST_CASE("Quad clients get N-Quads or TriG, */* and application/* still prefer triples",
          "[negotiate]") {
    CHECK(pick("application/n-quads", every_format()) == "N-Quads");
    CHECK(pick("application/trig, */*;q=0.1", every_format()) == "TriG");
    CHECK(pick("text/x-nquads", every_format()) == "N-Quads"); // raptor's older name
    CHECK(pick("application/*", every_format()) == "N-Triples");
    CHECK(pick("application/n-quads, application/n-triples", every_format()) == "N-Triples");
}

TEST_CASE("rdflib asking for Turtle gets Turtle", "[negotiate]") {
    CHECK(pick("text/turtle,application/x-turtle, */*;q=0.1") == "Turtle");
}

TEST_CASE("rdflib asking for N-Triples as text/plain gets Turtle", "[negotiate]") {
    // rdflib 6's format="nt" sends text/plain, which is not N-Triples' media type.
    CHECK(pick("text/plain, */*;q=0.1") == "Turtle");
}

TEST_CASE("Jena gets Turtle, or N-Triples when Turtle is not offered", "[negotiate]") {
    const Client jena[] = {
        {"Jena graph", "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
                       "application/rdf+xml;q=0.7,*/*;q=0.3"},
        {"Jena RDF",
         "text/turtle,application/n-triples;q=0.9,application/rdf+xml;q=0.7,application/trig,"
         "application/n-quads;q=0.9,application/ld+json;q=0.8,*/*;q=0.5"},
    };
    for (const auto& client : jena) {
        CAPTURE(client.who, client.accept);
        CHECK(pick(client.accept) == "Turtle");
        CHECK(pick(client.accept, every_format()) == "Turtle");
        CHECK(pick(client.accept, {Format::Html, Format::NTriples}) == "N-Triples");
    }
}

// --- weights and specificity ----------------------------------------------------------------

TEST_CASE("the highest weight wins over the server's order", "[negotiate]") {
    CHECK(pick("text/turtle;q=0.5, application/n-triples;q=0.7") == "N-Triples");
}

TEST_CASE("equal weights go to the earlier offered format", "[negotiate]") {
    CHECK(pick("text/html, application/n-triples, text/turtle") == "Turtle");
    CHECK(pick("text/html, text/turtle", {Format::Html, Format::Turtle}) == "HTML");
}

TEST_CASE("q=0 excludes a type even when */* allows it", "[negotiate]") {
    CHECK(pick("text/turtle;q=0, */*") == "N-Triples");
    CHECK(pick("*/*, text/turtle;q=0") == "N-Triples"); // order in the field does not matter
}

TEST_CASE("type/* beats */* whatever their weights", "[negotiate]") {
    CHECK(pick("text/*;q=0.2, */*") == "N-Triples");
    CHECK(pick("text/*;q=0, */*;q=0.1") == "N-Triples");
}

TEST_CASE("a full type beats type/*", "[negotiate]") {
    CHECK(pick("text/turtle;q=0.1, text/*") == "HTML");
}

TEST_CASE("a range with parameters beats the same type without", "[negotiate]") {
    CHECK(pick("text/turtle;q=0.2, text/turtle;foo=bar;q=0.9, application/n-triples;q=0.5") ==
          "Turtle");
    CHECK(pick("text/turtle;foo=bar;q=0.1, text/turtle, application/n-triples;q=0.5") ==
          "N-Triples");
}

TEST_CASE("a type listed twice gets its better weight", "[negotiate]") {
    CHECK(pick("text/turtle;q=0.3, text/turtle;q=0.8, application/n-triples;q=0.5") == "Turtle");
}

TEST_CASE("text/* gets Turtle, the server's first text type", "[negotiate]") {
    CHECK(pick("text/*") == "Turtle");
    CHECK(pick("text/*", {Format::Html, Format::Turtle}) == "HTML");
}

TEST_CASE("type/* covers canonical media types, never aliases", "[negotiate]") {
    // Turtle's alias application/x-turtle and HTML's application/xhtml+xml do not make
    // them application/* types: the response would be labelled text/…
    CHECK(pick("application/*") == "N-Triples");
    CHECK(pick("application/*", {Format::Turtle, Format::Html}) == "none");
}

TEST_CASE("q=0 on every type means nothing is acceptable", "[negotiate]") {
    CHECK(pick("text/turtle;q=0, application/n-triples;q=0, text/html;q=0") == "none");
    CHECK(pick("*/*;q=0") == "none");
    CHECK(pick("*/*;q=0", every_format()) == "none");
}

TEST_CASE("the smallest weight is still acceptable", "[negotiate]") {
    CHECK(pick("text/html;q=0.001") == "HTML");
}

TEST_CASE("an unknown type alone means nothing is acceptable", "[negotiate]") {
    CHECK(pick("image/png") == "none");
    CHECK(pick("image/*, application/json") == "none");
}

TEST_CASE("only offered formats are chosen", "[negotiate]") {
    CHECK(pick("text/turtle", {Format::NTriples, Format::Html}) == "none");
    CHECK(pick("text/turtle, */*;q=0.1", {Format::Html}) == "HTML");
}

TEST_CASE("elements with a malformed weight are skipped", "[negotiate]") {
    const char* accepts[] = {
        "text/turtle;q=1.5, text/html;q=0.1",
        "text/turtle;q=0.1234, text/html;q=0.1",
        "text/turtle;q=abc, text/html;q=0.1",
    };
    for (auto accept : accepts) {
        CAPTURE(accept);
        CHECK(pick(accept) == "HTML");
    }
}

// --- names ----------------------------------------------------------------------------------

TEST_CASE("every format is chosen by its own media type and aliases", "[negotiate]") {
    auto all = every_format();
    for (const auto& row : seeother::rdf::formats()) {
        std::vector<std::string_view> names{row.media_type};
        names.insert(names.end(), row.aliases.begin(), row.aliases.end());
        for (auto name : names) {
            CAPTURE(row.name, name);
            CHECK(pick(name, all) == row.name);
        }
    }
}

TEST_CASE("application/xhtml+xml gets HTML", "[negotiate]") {
    CHECK(pick("application/xhtml+xml") == "HTML");
}

TEST_CASE("media types match case-insensitively", "[negotiate]") {
    CHECK(pick("TEXT/TURTLE") == "Turtle");
    CHECK(pick("Application/N-Triples") == "N-Triples");
    CHECK(pick("APPLICATION/XHTML+XML") == "HTML");
}

TEST_CASE("an alias does not undo q=0 on the canonical media type", "[negotiate]") {
    // Both name Turtle equally specifically; the canonical name is the one we would send.
    CHECK(pick("text/turtle;q=0, application/x-turtle, application/n-triples;q=0.1") ==
          "N-Triples");
    CHECK(pick("text/html;q=0.1, application/xhtml+xml, text/turtle;q=0.5") == "Turtle");
}

// --- parameters -----------------------------------------------------------------------------

TEST_CASE("charset=utf-8 matches, in any case and quoted", "[negotiate]") {
    CHECK(pick("text/turtle;charset=utf-8") == "Turtle");
    CHECK(pick("text/turtle;charset=UTF-8") == "Turtle");
    CHECK(pick("text/turtle;charset=\"utf-8\"") == "Turtle");
}

TEST_CASE("another charset does not match", "[negotiate]") {
    CHECK(pick("text/turtle;charset=iso-8859-1") == "none");
    CHECK(pick("text/turtle;charset=iso-8859-1, application/n-triples;q=0.5") == "N-Triples");
    CHECK(pick("text/*;charset=iso-8859-1, application/n-triples;q=0.5") == "N-Triples");
}

TEST_CASE("a range that does not match cannot exclude", "[negotiate]") {
    // text/turtle;charset=iso-8859-1;q=0 excludes only a Latin-1 Turtle we never send.
    CHECK(pick("text/turtle;charset=iso-8859-1;q=0, */*") == "Turtle");
}

TEST_CASE("other parameters do not prevent a match", "[negotiate]") {
    CHECK(pick("text/html;level=1") == "HTML");
    CHECK(pick("application/n-triples;profile=\"http://example.org/p, x;y\"") == "N-Triples");
}

// --- whitespace and robustness --------------------------------------------------------------

TEST_CASE("whitespace variants negotiate alike", "[negotiate]") {
    const char* accepts[] = {
        "text/html;q=0.5,application/n-triples",
        "text/html; q=0.5, application/n-triples",
        " text/html ;q=0.5 ,\tapplication/n-triples\t",
    };
    for (auto accept : accepts) {
        CAPTURE(accept);
        CHECK(pick(accept) == "N-Triples");
    }
}

TEST_CASE("a quoted value with commas and semicolons is one parameter", "[negotiate]") {
    CHECK(pick("text/html;x=\"a, text/turtle;q=1\";q=0.5, application/n-triples;q=0.4") == "HTML");
}

TEST_CASE("a format URL's extension names its format exactly", "[negotiate]") {
    using seeother::rdf::from_extension;
    for (const auto& row : seeother::rdf::formats())
        CHECK(from_extension(row.extension) == row.format);
    CHECK(from_extension("ttl") == Format::Turtle);
    CHECK(from_extension("jsonld") == Format::JsonLd);
    // Case, a trailing NUL, a longer or shorter name, or nothing: none of them.
    CHECK(from_extension("TTL") == std::nullopt);
    CHECK(from_extension(std::string_view("ttl\0", 4)) == std::nullopt);
    CHECK(from_extension("ttlx") == std::nullopt);
    CHECK(from_extension("tt") == std::nullopt);
    CHECK(from_extension("jsonldjsonld") == std::nullopt);
    CHECK(from_extension("") == std::nullopt);
}

// --- remembered answers ---------------------------------------------------------------------

TEST_CASE("choose_accepted answers as choose does, whatever it remembers", "[negotiate]") {
    using seeother::server::choose_accepted;
    const std::vector<std::string> fields = {
        "",
        "*/*",
        "text/turtle",
        "text/html",
        "application/ld+json",
        "application/n-triples, text/turtle;q=0.5",
        "text/html;q=0.1, text/turtle;q=0.2",
        "text/plain",
        "application/rdf+xml",
        "text/turtle;q=0",
        "image/png, */*;q=0.1",
        std::string(600, ' ') + "text/html", // longer than what is remembered
    };
    const std::vector<std::vector<Format>> offers = {
        turtle_nt_html, every_format(), {Format::Html, Format::Turtle}, {Format::NTriples}, {}};
    // Each field with each offer, three times over, in orders that make the remembered
    // answers (eight a thread) come and go.
    for (std::size_t round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < fields.size() * offers.size(); ++i) {
            const auto& accept = fields[(i * (round + 1)) % fields.size()];
            const auto& offered = offers[(i / fields.size() + round) % offers.size()];
            CAPTURE(round, accept, offered.size());
            CHECK(choose_accepted(accept, offered) == choose(parse_accept(accept), offered));
        }
}
