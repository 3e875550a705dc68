// What parsing refuses before serd reads it, in every syntax, with its place: nesting deeper
// than serd's recursive reader takes, bytes that are not UTF-8, escapes of surrogates, strings
// and IRIs past their limits. And what it must not refuse: the same bytes in strings, IRIs and
// comments, and every valid UTF-8 sequence.
#include "rdf/parse/parse.hpp"
#include "rdf/parse/scanner.hpp"

#include "parse_error.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace seeother::rdf;
using Catch::Matchers::Contains;

namespace {

using seeother::test::parse_error;

class Counter final : public QuadSink {
  public:
    std::size_t quads = 0;
    std::string last_object;
    void quad(const QuadView& quad) override {
        ++quads;
        last_object.assign(quad.object.value);
    }
};

std::string name_of(Format format) {
    switch (format) {
    case Format::NTriples:
        return "t.nt";
    case Format::NQuads:
        return "t.nq";
    case Format::TriG:
        return "t.trig";
    default:
        return "t.ttl";
    }
}

std::size_t parse(const std::string& text, Format format = Format::Turtle) {
    Counter sink;
    parse_string(text, format, name_of(format), sink);
    return sink.quads;
}

ParseError error_of(const std::string& text, Format format = Format::Turtle) {
    return parse_error([&] { parse(text, format); });
}

std::string repeat(const std::string& piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

/// `depth` levels of `[ :p … ]` or `( … )` as the object of a statement (in a graph for TriG),
/// on line 2, and the column of the innermost bracket.
struct Nested {
    std::string text;
    unsigned innermost;
};

Nested nested(char bracket, std::size_t depth, Format format) {
    const std::string open = bracket == '[' ? "[ :p " : "( ";
    const std::string close = bracket == '[' ? " ]" : " )";
    const std::string start = format == Format::TriG ? ":g { :s :p " : ":s :p ";
    const std::string line = start + repeat(open, depth) + "\"x\"" + repeat(close, depth) +
                             (format == Format::TriG ? " . }" : " .");
    const auto innermost = start.size() + (depth - 1) * open.size() + 1;
    return {"@prefix : <http://e/> .\n" + line + "\n", static_cast<unsigned>(innermost)};
}

} // namespace

TEST_CASE("blank nodes and lists nest 256 levels deep, and the 257th is refused at its place",
          "[parse][limits]") {
    static_assert(max_input_nesting == 256);
    for (const auto format : {Format::Turtle, Format::TriG})
        for (const char bracket : {'[', '('}) {
            CAPTURE(name_of(format), bracket);
            CHECK(parse(nested(bracket, max_input_nesting, format).text, format) > 0);
            const auto deeper = nested(bracket, max_input_nesting + 1, format);
            const auto error = error_of(deeper.text, format);
            CHECK(error.line() == 2);
            CHECK(error.column() == deeper.innermost);
            CHECK(error.message() == "blank nodes and lists nested deeper than 256 levels");
        }
    // Both kinds count together.
    const auto mixed = "@prefix : <http://e/> .\n:s :p " + repeat("[ :p ( ", 129) + "\"x\"" +
                       repeat(" ) ]", 129) + " .\n";
    CHECK_THAT(error_of(mixed).message(), Contains("nested deeper than 256"));
}

TEST_CASE("the 20,000-deep nesting that overflowed serd's stack is an error", "[parse][limits]") {
    for (const char bracket : {'[', '('}) {
        CAPTURE(bracket);
        const auto error = error_of(nested(bracket, 20000, Format::Turtle).text);
        CHECK(error.line() == 2);
        CHECK(error.column() == nested(bracket, max_input_nesting + 1, Format::Turtle).innermost);
    }
}

TEST_CASE("brackets in strings, IRIs, comments and escaped names do not nest", "[parse][limits]") {
    const std::string many_open = repeat("[(", 300);
    const std::string text = "@prefix : <http://e/> .\n"
                             "# " +
                             many_open + "\n:s :p \"" + many_open + "\", '" + many_open +
                             "', \"\"\"" + many_open + "\n" + many_open + "\"\"\", '''" +
                             many_open + "''' .\n:s :p <http://e/" + many_open + "> .\n:s :p :a" +
                             repeat("\\(", 300) + " .\n" + "# " + many_open;
    CHECK(parse(text) == 6);
}

TEST_CASE("strings and comments end where serd ends them, so that no bracket slips by",
          "[parse][limits]") {
    const std::string deep = repeat("[ :p ", 300) + "1" + repeat(" ]", 300) + " .\n";
    // In a long string serd takes the byte after a quote as it is, even a backslash: the
    // string is x"\ and ends at the next three quotes.
    Counter sink;
    parse_string("@prefix : <http://e/> .\n:s :p \"\"\"x\"\\\"\"\" .\n", Format::Turtle, "q.ttl",
                 sink);
    CHECK(sink.last_object == "x\"\\");
    CHECK_THAT(error_of("@prefix : <http://e/> .\n:s :p \"\"\"x\"\\\"\"\" ; :q " + deep).message(),
               Contains("nested deeper"));
    // Serd ends a comment at a NUL byte and reads on.
    CHECK_THAT(
        error_of(std::string("@prefix : <http://e/> .\n# a comment ") + '\0' + " :s :p " + deep)
            .message(),
        Contains("nested deeper"));
}

TEST_CASE("the scanner stops reading a token at the byte where serd gives up on it",
          "[parse][limits]") {
    // Serd may pass over such an error inside [ ] and read on from that byte: the scanner
    // must see the brackets after it as serd does.
    const auto problem = [](const std::string& text) {
        parse_detail::Scanner scanner;
        scanner.scan(text.data(), text.size());
        scanner.end();
        return scanner.problem() ? scanner.problem()->message : std::string();
    };
    const std::string too_deep = repeat("[", max_input_nesting + 1);
    for (const char* start : {
             "<http://e/a\n",     // a line end in an IRI
             "<http://e/\\x",     // a backslash that starts no escape in an IRI
             "<http://e/\\u00>",  // an escape with too few digits
             "<http://e/\\u003E", // an escape of a character serd refuses in an IRI
             "\"a\\]",            // a backslash that starts no escape in a string
             "\"\\u12]",          // an escape with too few digits in a string
             "'a\n",              // a line end in a short string
         }) {
        CAPTURE(start);
        CHECK_THAT(problem(start + too_deep), Contains("nested deeper"));
    }
    // Serd leaves a byte that no escape in a name may be where it was: a ] after it counts.
    CHECK(problem(repeat("[", max_input_nesting) + ":a\\][").empty());
    CHECK_THAT(problem(repeat("[", max_input_nesting) + ":a\\(["), Contains("nested"));
}

TEST_CASE("an error serd passes over inside [ ] ends the reading there", "[parse][limits]") {
    // Serd gives up on the IRI at the quote, then takes the ] as the end of the blank node
    // and would read on. The scanner, which does not follow serd into every error, would not
    // count the 50,000 brackets after it (serd says nothing while it reads into lists): serd
    // gets none of them, and nothing after the error reaches the sink.
    Counter sink;
    const auto error = parse_error([&] {
        parse_string("@prefix : <http://e/> .\n:s :p [ :q <http://e/a\"] ; :r " +
                         repeat("(", 50000) + "1" + repeat(")", 50000) + " .\n:t :u :v .\n",
                     Format::Turtle, "t.ttl", sink);
    });
    CHECK(error.line() == 2);
    CHECK_THAT(error.message(), Contains("invalid IRI character"));
    CHECK(sink.quads == 1); // :s :p _:b, said before the blank node's inside
}

TEST_CASE("bytes that are not UTF-8 are refused at their place in every syntax and part",
          "[parse][limits]") {
    struct Bad {
        const char* bytes;
        const char* message;
    };
    const Bad bad[] = {
        {"\xC0\xAF", "0xC0 starts an overlong encoding"},
        {"\xE0\x80\xAF", "0xE0 0x80 is an overlong encoding"},
        {"\xF0\x80\x80\xAF", "0xF0 0x80 is an overlong encoding"},
        {"\xED\xA0\x80", "encodes a surrogate"},
        {"\xED\xBF\xBF", "encodes a surrogate"},
        {"\xF4\x90\x80\x80", "encodes a code point above U+10FFFF"},
        {"\xF5\x80\x80\x80", "0xF5 starts a code point above U+10FFFF"},
        {"\xFF", "0xFF is never UTF-8"},
        {"\x80", "0x80 continues no character"},
        {"\xC3z", "0xC3 starts a sequence that ends early, at 0x7A"},
        {"\xE2\x82z", "0xE2 starts a sequence that ends early, at 0x7A"},
    };
    struct Part {
        Format format;
        const char* before; // the bad bytes go between
        const char* after;
    };
    const Part parts[] = {
        {Format::NTriples, "<http://e/s> <http://e/p> \"a", "b\" ."},
        {Format::NTriples, "<http://e/s> <http://e/p> <http://e/", "> ."},
        {Format::NTriples, "<http://e/s> <http://e/p> _:a", "b ."},
        {Format::NTriples, "<http://e/s> <http://e/p> \"a\" . # ", ""},
        {Format::NQuads, "<http://e/s> <http://e/p> \"a\" <http://e/", "> ."},
        {Format::Turtle, "@prefix : <http://e/> . :s :p :a", "b ."},
        {Format::Turtle, "@prefix : <http://e/> . :s :p \"\"\"a", "\"\"\" ."},
        {Format::Turtle, "@prefix : <http://e/> . :s :p 'a", "' ."},
        {Format::Turtle, "@prefix : <http://e/> . :s :p \"a\"@en # ", "\n."},
        {Format::TriG, "@prefix : <http://e/> . :g { :s :p \"a", "\" }"},
    };
    for (const auto& part : parts)
        for (const auto& b : bad) {
            const std::string text = std::string("\n") + part.before + b.bytes + part.after;
            CAPTURE(text);
            const auto error = error_of(text, part.format);
            CHECK(error.line() == 2);
            CHECK(error.column() == std::string(part.before).size() + 1);
            CHECK_THAT(error.message(), Contains("invalid UTF-8") && Contains(b.message));
        }
    // Cut short by the end of the input.
    const auto error = error_of("<http://e/s> <http://e/p> \"a\xE2\x82", Format::NTriples);
    CHECK(error.column() == 29);
    CHECK_THAT(error.message(), Contains("the input ends inside the sequence that 0xE2 starts"));
}

TEST_CASE("every valid UTF-8 sequence loads, noncharacters and the last code point too",
          "[parse][limits]") {
    for (const char* good :
         {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBE",
          "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
        CAPTURE(good);
        CHECK(parse(std::string("<http://e/s> <http://e/p> \"") + good + "\" . # " + good + "\n",
                    Format::NTriples) == 1);
    }
}

TEST_CASE("a sequence split across the reader's pages is checked whole", "[parse][limits]") {
    // Wherever the page boundary falls in the sequence, the verdict and the place are the same.
    for (std::size_t pad = 1000; pad < 1040; ++pad) {
        CAPTURE(pad);
        const std::string start = "<http://e/s> <http://e/p> \"" + std::string(pad, 'a');
        CHECK(parse(start + "\xF0\x9F\x98\x80\" .\n", Format::NTriples) == 1);
        for (const char* bad : {"\xF0\x9F\x98z", "\xED\xA0\x80", "\\uD800"}) {
            const auto error = error_of(start + bad + "\" .\n", Format::NTriples);
            CHECK(error.column() == start.size() + 1);
        }
    }
}

TEST_CASE("escapes of surrogates and of code points past U+10FFFF are refused at the backslash",
          "[parse][limits]") {
    struct Row {
        Format format;
        const char* text;
        unsigned column;
        const char* message;
    };
    const Row rows[] = {
        {Format::NTriples, R"(<http://e/s> <http://e/p> "a\uD800" .)", 29,
         "escape \\uD800 is a surrogate, not a character"},
        {Format::NTriples, R"(<http://e/s> <http://e/p> "\uDBFF\uDC00" .)", 28,
         "escape \\uDBFF is a surrogate"},
        {Format::NTriples, R"(<http://e/s> <http://e/p> <http://e/\udfff> .)", 37,
         "escape \\uDFFF is a surrogate"},
        {Format::NQuads, R"(<http://e/s> <http://e/p> "\U0000D800" <http://e/g> .)", 28,
         "escape \\U0000D800 is a surrogate"},
        {Format::NTriples, R"(<http://e/s> <http://e/p> "\U00110000" .)", 28,
         "escape \\U00110000 is above U+10FFFF"},
        {Format::Turtle, R"(<http://e/s> <http://e/p> """a
\uD800""" .)",
         1, "escape \\uD800 is a surrogate"},
        {Format::TriG, R"(<http://e/g> { <http://e/s> <http://e/p> 'x\uDC00' })", 44,
         "escape \\uDC00 is a surrogate"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        const auto error = error_of(row.text, row.format);
        CHECK(error.column() == row.column);
        CHECK_THAT(error.message(), Contains(row.message));
    }
    // Text, not escapes: in a comment, and after an escaped backslash.
    CHECK(parse(R"(<http://e/s> <http://e/p> "a\\uD800" . # \uD800)", Format::NTriples) == 1);
}

TEST_CASE("strings and IRIs longer than their limits are refused where they pass them",
          "[parse][limits]") {
    const std::string start = "<http://e/s> <http://e/p> \"";
    const std::string literal(max_literal_bytes, 'x');
    CHECK(parse(start + literal + "\" .", Format::NTriples) == 1);
    const auto long_string = error_of(start + literal + "y\" .", Format::NTriples);
    CHECK(long_string.column() == start.size() + max_literal_bytes + 1);
    CHECK(long_string.message() == "a string longer than 16 MiB");
    // Long strings too, their quotes not counted.
    CHECK(parse("<http://e/s> <http://e/p> \"\"\"" + literal + "\"\"\" .") == 1);
    CHECK_THAT(error_of("<http://e/s> <http://e/p> '''" + literal + "\"''' .").message(),
               Contains("longer than 16 MiB"));

    const std::string iri_start = "<http://e/s> <http://e/p> <";
    const std::string iri = "http://e/" + std::string(max_iri_bytes - 9, 'i');
    CHECK(parse(iri_start + iri + "> .", Format::NTriples) == 1);
    const auto long_iri = error_of(iri_start + iri + "j> .", Format::NTriples);
    CHECK(long_iri.column() == iri_start.size() + max_iri_bytes + 1);
    CHECK(long_iri.message() == "an IRI longer than 64 KiB");

    // As made from a prefixed name or a relative IRI, and a blank node label.
    const std::string half(max_iri_bytes / 2 + 1, 'h');
    CHECK(error_of("@prefix p: <http://e/" + half + "> .\np:" + half + " p:a p:b .").message() ==
          "an IRI longer than 64 KiB, made from a prefixed name");
    CHECK_THAT(parse_error([&] {
                   Counter sink;
                   parse_string("<" + half + "> <" + half + "> <" + half + "> .", Format::Turtle,
                                "t.ttl", sink, "http://e/" + half + "/");
               }).message(),
               Contains("longer than 64 KiB, once resolved"));
    CHECK(error_of("_:" + std::string(max_iri_bytes + 1, 'b') + " <http://e/p> 1 .").message() ==
          "a blank node label longer than 64 KiB");
}

TEST_CASE("a gzipped file is checked the same way, with its place", "[parse][limits]") {
    const auto path = std::filesystem::temp_directory_path() /
                      ("seeother-limits-" + std::to_string(::getpid()) + ".nt.gz");
    gzFile gz = gzopen(path.c_str(), "wb");
    REQUIRE(gz);
    const std::string text = "<http://e/s> <http://e/p> \"ok\" .\n<http://e/s> <http://e/p> \"\xED"
                             "\xA0\x80\" .\n";
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
    Counter sink;
    const auto error = parse_error([&] { parse_file(path.string(), sink); });
    std::filesystem::remove(path);
    CHECK(error.file() == path.string());
    CHECK(error.line() == 2);
    CHECK(error.column() == 28);
    CHECK_THAT(error.message(), Contains("surrogate"));
}
