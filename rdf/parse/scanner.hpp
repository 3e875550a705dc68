// What serd must never read, found before it reads it: brackets nested deeper than its
// recursive reader can take, bytes that are not UTF-8, escapes of surrogates or of code points
// past U+10FFFF, strings and IRIs past their limits. The scanner knows just enough of Turtle
// and TriG (strings, IRIs, comments, escapes in local names) to tell a bracket that nests from
// one in text, and it reads valid input as serd 0.30 does, quirks included, and most errors
// too (the byte where serd gives up on a string or an escape): a bracket serd nests on is
// counted. After an error serd may read on (it passes over errors inside [ … ]) where the
// scanner no longer follows it; the reader then hands serd no more input and nothing more to
// the sinks (parse.cpp). N-Triples and N-Quads are scanned the same way. Private to rdf/parse.
#pragma once

#include "rdf/parse/sources.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace seeother::rdf::parse_detail {

struct ScanProblem {
    Position at; ///< of the first byte of what is wrong
    std::string message;
};

class Scanner {
  public:
    /// Checks the next `size` bytes of the input. Returns how many come before the first
    /// problem: all of them while there is none, 0 once there is one.
    std::size_t scan(const char* bytes, std::size_t size);
    /// The input ended here: a UTF-8 sequence it cut short is a problem.
    void end();

    const std::optional<ScanProblem>& problem() const { return problem_; }
    /// Line and byte column of the last byte scanned; column 0 after a line end.
    Position position() const;

    enum class State : unsigned char {
        Normal,
        Comment,      ///< # to the line end
        Iri,          ///< <…>
        Quote1,       ///< after one quote: a string starts, or "" ends at once
        Quote2,       ///< after two quotes: """ opens a long string, or "" was empty
        Short,        ///< "…" or '…'
        Long,         ///< """…""" or '''…'''
        LongQuote1,   ///< a quote in a long string: serd takes the next byte as it is
        LongQuote2,   ///< two quotes in a long string: a third ends it
        LocalEscape,  ///< \ in a prefixed name: the next byte is a name character
        StringEscape, ///< \ in a string
        IriEscape,    ///< \ in an IRI
        Hex,          ///< the digits of \u or \U
    };

  private:
    /// Checks that p[0, size) continues valid UTF-8; returns the offset in it of the first
    /// sequence that is not (size if none; 0 if it began before p), and keeps the problem in
    /// utf8_problem_.
    std::size_t check_utf8(const unsigned char* p, std::size_t size);
    bool continuation(unsigned char c);
    /// Lexes p[0, size), counting lines and brackets.
    void lex(const unsigned char* p, std::size_t size);
    /// Where the string or IRI being lexed from p[i] would pass its limit, or `size`.
    std::size_t text_end(std::size_t i, std::size_t size) const;
    /// Moves the lexer over one byte; false when the byte is to be read again in the new state.
    bool step(unsigned char c, std::size_t offset);
    /// A string's or IRI's text starts at offset `start`.
    void open_text(State state, std::size_t start);
    bool in_text() const;
    /// A \u or \U escape has all its digits: a surrogate or a code point past U+10FFFF is a
    /// problem.
    void check_escape();
    void fail(std::size_t offset, std::string message);

    State state_ = State::Normal;
    State escaped_ = State::Normal; ///< the state an escape returns to
    unsigned char quote_ = 0;
    std::size_t depth_ = 0; ///< open [ and (

    std::size_t base_ = 0;       ///< offset of the first byte of this scan()
    std::size_t scanned_ = 0;    ///< bytes scanned
    std::size_t line_ = 1;       ///< of the next byte
    std::size_t line_start_ = 0; ///< offset of its line's first byte

    std::size_t token_start_ = 0; ///< of the current string's or IRI's text
    std::size_t token_limit_ = 0; ///< its longest
    std::size_t escape_at_ = 0;   ///< of the backslash
    unsigned hex_digits_ = 0;
    unsigned hex_left_ = 0;
    std::uint32_t code_ = 0;

    std::size_t lead_at_ = 0; ///< of the UTF-8 sequence being read
    unsigned char lead_ = 0;
    unsigned need_ = 0;        ///< continuation bytes still to come
    unsigned char low_ = 0x80; ///< range of the next one
    unsigned char high_ = 0xBF;

    struct Utf8Problem {
        std::size_t offset;
        std::string message;
    };
    std::optional<Utf8Problem> utf8_problem_; ///< placed once the lexer has counted lines to it

    std::optional<ScanProblem> problem_;
    std::size_t problem_offset_ = 0;
};

/// Passes another source through a Scanner and ends before the first problem, so that serd
/// never reads it.
class ScannedSource final : public ByteSource {
  public:
    explicit ScannedSource(ByteSource& inner) : inner_(inner) {}

    std::size_t read(char* buffer, std::size_t size) override;
    const Scanner& scanner() const { return scanner_; }
    /// Ends the input here. Serd may read on past an error of its own (inside [ … ]), where
    /// the scanner may no longer see the bytes as serd does; it gets no more of them.
    void stop() { ended_ = true; }

  private:
    ByteSource& inner_;
    Scanner scanner_;
    bool ended_ = false;
};

} // namespace seeother::rdf::parse_detail
