// Accept field parsing (RFC 9110 §12.5.1, §5.6): one case or table row per edge case.
#include "server/ld/accept.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>

using seeother::server::MediaRange;
using seeother::server::parse_accept;

namespace {

// Ranges as one readable line: "type/subtype;name=value q=weight, ...".
std::string show(std::string_view field) {
    std::string out;
    for (const auto& range : parse_accept(field)) {
        if (!out.empty())
            out += ", ";
        out += range.type + "/" + range.subtype;
        for (const auto& [name, value] : range.parameters)
            out += ";" + name + "=" + value;
        out += " q=" + std::to_string(range.weight);
    }
    return out;
}

// What every parsed range must satisfy, whatever the input.
void check_well_formed(const std::vector<MediaRange>& ranges) {
    for (const auto& range : ranges) {
        CHECK_FALSE(range.type.empty());
        CHECK_FALSE(range.subtype.empty());
        CHECK((range.type != "*" || range.subtype == "*"));
        CHECK(range.weight >= 0);
        CHECK(range.weight <= 1000);
        for (char c : range.type + range.subtype)
            CHECK_FALSE((c >= 'A' && c <= 'Z'));
    }
}

} // namespace

// --- media ranges ---------------------------------------------------------------------------

TEST_CASE("a bare media type has weight 1 and no parameters", "[accept]") {
    CHECK(show("text/turtle") == "text/turtle q=1000");
}

TEST_CASE("wildcards are kept as \"*\"", "[accept]") {
    CHECK(show("*/*, text/*") == "*/* q=1000, text/* q=1000");
}

TEST_CASE("type, subtype and parameter names are lowercased, values are kept", "[accept]") {
    CHECK(show("TEXT/Turtle;CharSet=UTF-8") == "text/turtle;charset=UTF-8 q=1000");
}

TEST_CASE("an empty or blank field yields no ranges", "[accept]") {
    CHECK(parse_accept("").empty());
    CHECK(parse_accept("   ").empty());
    CHECK(parse_accept(" , ,\t,").empty());
}

TEST_CASE("empty list elements are skipped silently", "[accept]") {
    CHECK(show("a/b,,c/d") == "a/b q=1000, c/d q=1000");
    CHECK(show(", a/b ,") == "a/b q=1000");
}

TEST_CASE("optional whitespace is allowed around commas and semicolons", "[accept]") {
    const char* fields[] = {
        "text/turtle;q=0.5,text/html",
        "text/turtle ; q=0.5 , text/html",
        "\ttext/turtle;\tq=0.5\t,text/html",
        "  text/turtle  ;q=0.5,  text/html  ",
    };
    for (auto field : fields) {
        CAPTURE(field);
        CHECK(show(field) == "text/turtle q=500, text/html q=1000");
    }
}

TEST_CASE("empty parameters between semicolons are allowed", "[accept]") {
    CHECK(show("text/html;;level=1;") == "text/html;level=1 q=1000");
    CHECK(show("text/html; ;q=0.5") == "text/html q=500");
}

TEST_CASE("parameters before the weight are kept in order", "[accept]") {
    CHECK(show("text/html;level=1;charset=utf-8;q=0.3") == "text/html;level=1;charset=utf-8 q=300");
}

TEST_CASE("quoted parameter values may contain commas and semicolons", "[accept]") {
    CHECK(show(R"(application/ld+json;profile="http://a/x, http://b/y;z";q=0.5, text/turtle)") ==
          "application/ld+json;profile=http://a/x, http://b/y;z q=500, text/turtle q=1000");
}

TEST_CASE("quoted-pairs are unescaped in parameter values", "[accept]") {
    CHECK(show(R"(a/b;x="say \"hi\" \\ ok")") == R"(a/b;x=say "hi" \ ok q=1000)");
}

TEST_CASE("non-ASCII octets are allowed inside quoted values", "[accept]") {
    CHECK(show("a/b;x=\"caf\xC3\xA9\"") == "a/b;x=caf\xC3\xA9 q=1000");
}

// --- weights --------------------------------------------------------------------------------

TEST_CASE("well-formed qvalues are read in thousandths", "[accept]") {
    struct Row {
        const char* qvalue;
        int weight;
    };
    const Row rows[] = {
        {"0", 0},      {"0.", 0},      {"0.0", 0},      {"0.000", 0},   {"0.5", 500},
        {"0.25", 250}, {"0.125", 125}, {"0.001", 1},    {"0.999", 999}, {"1", 1000},
        {"1.", 1000},  {"1.0", 1000},  {"1.000", 1000},
    };
    for (const auto& row : rows) {
        CAPTURE(row.qvalue);
        auto ranges = parse_accept(std::string("a/b;q=") + row.qvalue);
        REQUIRE(ranges.size() == 1);
        CHECK(ranges[0].weight == row.weight);
    }
}

TEST_CASE("the weight's name is case-insensitive", "[accept]") {
    CHECK(show("a/b;Q=0.5") == "a/b q=500");
}

TEST_CASE("an element with a malformed qvalue is skipped, the others count", "[accept]") {
    const char* qvalues[] = {
        "1.5", "0.1234", "abc", "",   ".5",   "1.001",  "2",       "-0.5",
        "01",  "0.5x",   "1e0", "+1", "0..5", "1.0000", "\"0.5\"", "0.5 x",
    };
    for (auto qvalue : qvalues) {
        std::string field = std::string("text/turtle;q=") + qvalue + ", text/html;q=0.1";
        CAPTURE(field);
        CHECK(show(field) == "text/html q=100");
    }
}

TEST_CASE("whitespace around the weight's \"=\" makes the element malformed", "[accept]") {
    CHECK(show("text/turtle;q =0.5, text/html") == "text/html q=1000");
    CHECK(show("text/turtle;q= 0.5, text/html") == "text/html q=1000");
}

TEST_CASE("parameters after the weight are accept-ext and ignored", "[accept]") {
    CHECK(show("text/html;q=0.5;level=1") == "text/html q=500");
    CHECK(show("text/html;q=0.5;flag") == "text/html q=500");
    CHECK(show("text/html;q=0.5;x=\"a,b\"") == "text/html q=500");
}

TEST_CASE("a second weight is an accept-ext and does not override the first", "[accept]") {
    CHECK(show("text/html;q=0.5;q=0.9") == "text/html q=500");
}

TEST_CASE("a malformed accept-ext makes the element malformed", "[accept]") {
    CHECK(show("text/turtle;q=0.5;=x, text/html") == "text/html q=1000");
    CHECK(show("text/turtle;q=0.5;x=, text/html") == "text/html q=1000");
}

// --- malformed elements ---------------------------------------------------------------------

TEST_CASE("malformed media ranges are skipped, the others count", "[accept]") {
    const char* elements[] = {
        "*/html",                 // a wildcard type needs a wildcard subtype
        "*",                      // Java's old default has "*; q=.2"
        "text",                   // no subtype
        "text/",                  // empty subtype
        "/html",                  // empty type
        "text/html/x",            // two slashes
        "text /html",             // no whitespace around "/"
        "text/ html",             // nor after it
        "te xt/html",             // space inside a token
        "te@t/html",              // "@" is not a tchar
        "t\xC3\xA9xt/html",       // non-ASCII in a token
        "text/html;charset",      // a media-type parameter needs a value
        "text/html;=utf-8",       // and a name
        "text/html;charset=",     // and a value
        "text/html;a=b c",        // space inside a value
        "text/html;a=\"x\"y",     // text after a quoted value
        "text/html;a=\"x",        // unterminated quoted value (runs to the end of the field)
        "text/html;a=\"\x7F\"",   // DEL is not qdtext
        "text/html;a=\"\\\x01\"", // nor can a quoted-pair escape a control
        "text/html a=b",          // parameters need ";"
    };
    for (auto element : elements) {
        std::string field = std::string("a/b, ") + element;
        CAPTURE(field);
        CHECK(show(field) == "a/b q=1000");
    }
}

TEST_CASE("an unterminated quoted value swallows the rest of the field", "[accept]") {
    // No parse of the field is valid; ending the element at the next comma would be a guess.
    CHECK(show("a/b, text/html;x=\"oops, text/turtle") == "a/b q=1000");
}

TEST_CASE("a stray quote outside a parameter value does not swallow later elements", "[accept]") {
    CHECK(show("te\"xt/html, text/turtle, \"") == "text/turtle q=1000");
}

TEST_CASE("NUL and control octets make only their own element malformed", "[accept]") {
    using namespace std::string_view_literals;
    CHECK(show("text/turtle\0, text/html"sv) == "text/html q=1000");
    CHECK(show("text/turtle;q=0.5\r\n, text/html"sv) == "text/html q=1000");
    CHECK(show("\0"sv).empty());
}

// --- robustness -----------------------------------------------------------------------------

TEST_CASE("every single octet parses without error", "[accept]") {
    for (int octet = 0; octet < 256; ++octet) {
        std::string field(1, static_cast<char>(octet));
        CAPTURE(octet);
        CHECK(parse_accept(field).empty());
        check_well_formed(parse_accept("a/b;x=" + field + ", c/d"));
        check_well_formed(parse_accept("a/b;x=\"" + field + "\", c/d"));
    }
}

TEST_CASE("lone quotes, backslashes and separators parse without error", "[accept]") {
    const char* fields[] = {
        "\"",         "=\"",    "a/b;x=\"", "a/b;x=\"\\", "a/b;x=\"\\\"",   "\\",     ";",
        "/",          ";;;",    "a/b;;;",   "=",          "a/b;=",          "a/b;q",  "a/b;q=",
        "a/b;x=\"\"", ",,,,,,", "*/*;q=0.", "*/*;q=1.",   "a/b;x=\"\\\"\"", "\"a/b\""};
    for (auto field : fields) {
        CAPTURE(field);
        check_well_formed(parse_accept(field));
    }
    CHECK(show("a/b;x=\"\"") == "a/b;x= q=1000");
}

TEST_CASE("random octet strings parse without error", "[accept]") {
    // A fixed linear congruential generator: the same strings on every run.
    std::uint32_t state = 12345;
    auto next = [&state] {
        state = state * 1103515245u + 12345u;
        return static_cast<unsigned char>(state >> 16);
    };
    const std::string_view alphabet = "ab*/;=,\"\\ \tq0.1";
    for (int round = 0; round < 2000; ++round) {
        std::string field;
        auto length = next() % 40u;
        for (unsigned i = 0; i < length; ++i) {
            auto octet = next();
            field += octet < 200 ? alphabet[octet % alphabet.size()] : static_cast<char>(octet);
        }
        CAPTURE(field);
        check_well_formed(parse_accept(field));
    }
}

TEST_CASE("a huge field parses every element", "[accept]") {
    std::string field;
    for (int i = 0; i < 100000; ++i)
        field += "text/turtle;q=0.5, ";
    auto ranges = parse_accept(field);
    CHECK(ranges.size() == 100000);
}

TEST_CASE("a huge malformed element is skipped", "[accept]") {
    std::string field =
        "text/html;x=\"" + std::string(1 << 20, ';') + "\"" + std::string(1 << 20, '\\') + ", a/b";
    CHECK(show(field) == "a/b q=1000");
}

// --- specificity ----------------------------------------------------------------------------

TEST_CASE("specificity orders */*, type/*, type/subtype and parameters", "[accept]") {
    struct Row {
        const char* range;
        int specificity;
    };
    const Row rows[] = {
        {"*/*", 0},
        {"*/*;charset=utf-8", 0},
        {"text/*", 1},
        {"text/*;charset=utf-8", 1},
        {"text/turtle", 2},
        {"text/turtle;q=0.5", 2}, // the weight is not a media-type parameter
        {"text/turtle;charset=utf-8", 3},
        {"application/ld+json;profile=\"http://www.w3.org/ns/json-ld#compacted\"", 3},
    };
    for (const auto& row : rows) {
        CAPTURE(row.range);
        auto ranges = parse_accept(row.range);
        REQUIRE(ranges.size() == 1);
        CHECK(ranges[0].specificity() == row.specificity);
    }
}
