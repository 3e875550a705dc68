#include "rdf/parse/scanner.hpp"

#include "rdf/parse/parse.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>
#include <utility>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace seeother::rdf::parse_detail {
namespace {

using State = Scanner::State;

/// A set of bytes a state looks for: `Cs`, and with Controls every byte up to a space.
template <bool Controls, char... Cs> struct Stops {
    static constexpr bool contains(unsigned char c) {
        return (Controls && c <= 0x20) || ((c == static_cast<unsigned char>(Cs)) || ...);
    }
    static constexpr std::array<bool, 256> make_table() {
        std::array<bool, 256> table{};
        for (std::size_t c = 0; c < 256; ++c)
            table[c] = contains(static_cast<unsigned char>(c));
        return table;
    }
    static constexpr std::array<bool, 256> table = make_table();

    /// The first byte of the set from p[i] before p[end], or end: sixteen at a time where SSE2
    /// is there (always on x86-64), as this runs over every byte loaded.
    static std::size_t find(const unsigned char* p, std::size_t i, std::size_t end) {
#ifdef __SSE2__
        for (; i + 16 <= end; i += 16) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            __m128i hit = _mm_setzero_si128();
            if constexpr (Controls)
                hit = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x);
            ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(Cs)))), ...);
            if (const int bits = _mm_movemask_epi8(hit))
                return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
        }
#endif
        while (i < end && !table[p[i]])
            ++i;
        return i;
    }
};

/// Outside strings, IRIs and comments: their starts, a local name's escape, brackets.
using NormalStops = Stops<false, '"', '\'', '<', '#', '\\', '[', ']', '(', ')', '\n'>;
/// An IRI's end and an escape. What serd refuses in an IRI is an error it stops at (or reads
/// on from only to the end of its page, ScannedSource::stop()); the line ends of such an IRI
/// are counted all the same.
using IriStops = Stops<false, '>', '\\', '\n'>;
/// What serd refuses in an IRI: it gives up on the IRI after the byte.
using IriRefusals = Stops<true, '"', '<', '^', '`', '{', '|', '}'>;
/// After a backslash in a prefixed name or a string: what serd takes as an escape.
using LocalEscapes = Stops<false, '_', '~', '.', '-', '!', '$', '&', '\'', '(', ')', '*', '+', ',',
                           ';', '=', '/', '?', '#', '@', '%'>;
using StringEscapes = Stops<false, 't', 'b', 'n', 'r', 'f', '\\', '"', '\''>;

/// The first byte from p[i] before p[end] that is not ASCII, or end.
std::size_t find_non_ascii(const unsigned char* p, std::size_t i, std::size_t end) {
#ifdef __SSE2__
    for (; i + 16 <= end; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        if (const int bits = _mm_movemask_epi8(x))
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    }
#endif
    while (i < end && p[i] < 0x80)
        ++i;
    return i;
}

std::string hex_byte(unsigned char c) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(c));
    return text;
}

/// Why a byte cannot follow `lead` in a UTF-8 sequence.
std::string bad_continuation(unsigned char lead, unsigned char c) {
    const std::string sequence = "the sequence " + hex_byte(lead) + " " + hex_byte(c);
    if (c < 0x80 || c > 0xBF)
        return "invalid UTF-8: " + hex_byte(lead) + " starts a sequence that ends early, at " +
               hex_byte(c);
    if (lead == 0xED)
        return "invalid UTF-8: " + sequence + " encodes a surrogate (U+D800 to U+DFFF)";
    if (lead == 0xF4)
        return "invalid UTF-8: " + sequence + " encodes a code point above U+10FFFF";
    return "invalid UTF-8: " + sequence + " is an overlong encoding";
}

std::string bad_lead(unsigned char c) {
    if (c < 0xC0)
        return "invalid UTF-8: byte " + hex_byte(c) + " continues no character";
    if (c < 0xC2)
        return "invalid UTF-8: byte " + hex_byte(c) + " starts an overlong encoding";
    if (c < 0xF8)
        return "invalid UTF-8: byte " + hex_byte(c) + " starts a code point above U+10FFFF";
    return "invalid UTF-8: byte " + hex_byte(c) + " is never UTF-8";
}

} // namespace

void Scanner::open_text(State state, std::size_t start) {
    state_ = state;
    token_start_ = start;
    token_limit_ = state == State::Iri ? max_iri_bytes : max_literal_bytes;
}

bool Scanner::in_text() const {
    return state_ == State::Short || state_ == State::Long || state_ == State::Iri;
}

void Scanner::fail(std::size_t offset, std::string message) {
    if (problem_)
        return;
    problem_offset_ = offset;
    problem_ =
        ScanProblem{{static_cast<unsigned>(line_), static_cast<unsigned>(offset - line_start_ + 1)},
                    std::move(message)};
}

Position Scanner::position() const {
    return {static_cast<unsigned>(line_), static_cast<unsigned>(scanned_ - line_start_)};
}

std::size_t Scanner::scan(const char* bytes, std::size_t size) {
    if (problem_)
        return 0;
    base_ = scanned_;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes);
    // Non-ASCII bytes are never syntax: the lexer needs no sequence boundaries, and UTF-8 is
    // checked first, up to where the lexer then goes.
    const std::size_t valid = check_utf8(p, size);
    lex(p, valid);
    if (utf8_problem_ && !problem_)
        fail(utf8_problem_->offset, std::move(utf8_problem_->message));
    scanned_ = base_ + size;
    if (!problem_)
        return size;
    return problem_offset_ > base_ ? std::min(problem_offset_ - base_, size) : 0;
}

void Scanner::end() {
    if (need_ > 0)
        fail(lead_at_, "invalid UTF-8: the input ends inside the sequence that " + hex_byte(lead_) +
                           " starts");
}

std::size_t Scanner::check_utf8(const unsigned char* p, std::size_t size) {
    std::size_t i = 0;
    while (need_ > 0 && i < size && continuation(p[i]))
        ++i;
    while (!utf8_problem_) {
        i = find_non_ascii(p, i, size);
        if (i == size)
            return size;
        const unsigned char c = p[i];
        lead_at_ = base_ + i;
        lead_ = c;
        if (c < 0xC2 || c > 0xF4) {
            utf8_problem_ = Utf8Problem{lead_at_, bad_lead(c)};
            break;
        }
        need_ = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        // Ranges of the second byte that rule out overlongs, surrogates and code points past
        // U+10FFFF (RFC 3629, section 4).
        low_ = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        high_ = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        ++i;
        while (need_ > 0 && i < size && continuation(p[i]))
            ++i;
    }
    return utf8_problem_->offset > base_ ? utf8_problem_->offset - base_ : 0;
}

bool Scanner::continuation(unsigned char c) {
    if (c < low_ || c > high_) {
        utf8_problem_ = Utf8Problem{lead_at_, bad_continuation(lead_, c)};
        need_ = 0;
        return false;
    }
    low_ = 0x80;
    high_ = 0xBF;
    --need_;
    return true;
}

std::size_t Scanner::text_end(std::size_t i, std::size_t size) const {
    const std::size_t limit_at = token_start_ + token_limit_;
    return limit_at > base_ + i ? std::min(size, limit_at - base_) : i;
}

void Scanner::lex(const unsigned char* p, std::size_t size) {
    std::size_t i = 0;
    while (i < size && !problem_) {
        // Skip to the next byte the state must look at, and take the stops of most bytes (an
        // IRI's start and end, a string's) here; the rest go through step(). Strings and IRIs
        // are skipped no further than their limit.
        switch (state_) {
        case State::Normal: {
            // Terms are a byte or two apart: look at those before sixteen at a time.
            if (!NormalStops::table[p[i]] && ++i < size && !NormalStops::table[p[i]])
                i = NormalStops::find(p, i + 1, size);
            if (i == size)
                return;
            const unsigned char c = p[i];
            if (c == '<') {
                open_text(State::Iri, base_ + ++i);
                continue;
            }
            if (c == '\n') {
                ++line_;
                line_start_ = base_ + ++i;
                continue;
            }
            if ((c == '"' || c == '\'') && i + 1 < size && p[i + 1] != c) {
                quote_ = c;
                open_text(State::Short, base_ + ++i);
                continue;
            }
            break;
        }
        case State::Iri:
            i = IriStops::find(p, i, text_end(i, size));
            if (i == size)
                return;
            if (p[i] == '>') {
                state_ = State::Normal;
                ++i;
                continue;
            }
            break;
        case State::Short:
        case State::Long: {
            const std::size_t end = text_end(i, size);
            i = quote_ == '"' ? Stops<false, '"', '\\', '\r', '\n'>::find(p, i, end)
                              : Stops<false, '\'', '\\', '\r', '\n'>::find(p, i, end);
            if (i == size)
                return;
            if (p[i] == quote_ && state_ == State::Short) {
                state_ = State::Normal;
                ++i;
                continue;
            }
            break;
        }
        case State::Comment:
            i = Stops<false, '\n', '\r', '\0'>::find(p, i, size);
            if (i == size)
                return;
            break;
        default: // every byte counts
            break;
        }
        const unsigned char c = p[i];
        const std::size_t offset = base_ + i;
        ++i;
        if (in_text() && offset >= token_start_ + token_limit_ &&
            c != (state_ == State::Iri ? '>' : quote_)) {
            fail(offset, state_ == State::Iri ? too_long("an IRI", max_iri_bytes)
                                              : too_long("a string", max_literal_bytes));
            return;
        }
        if (c == '\n') {
            ++line_;
            line_start_ = offset + 1;
        }
        while (!step(c, offset)) {
        }
    }
}

// Where serd refuses a token, it stops reading it at the same byte as here: an error inside
// [ … ] may be passed over by serd when a ] follows, and reading goes on from there.
bool Scanner::step(unsigned char c, std::size_t offset) {
    switch (state_) {
    case State::Normal:
        switch (c) {
        case '"':
        case '\'':
            quote_ = c;
            state_ = State::Quote1;
            break;
        case '<':
            open_text(State::Iri, offset + 1);
            break;
        case '#':
            state_ = State::Comment;
            break;
        case '\\':
            state_ = State::LocalEscape;
            break;
        case '[':
        case '(':
            if (depth_ == max_input_nesting)
                fail(offset, "blank nodes and lists nested deeper than " +
                                 std::to_string(max_input_nesting) + " levels");
            else
                ++depth_;
            break;
        case ']':
        case ')':
            depth_ -= depth_ > 0 ? 1 : 0;
            break;
        default:
            break;
        }
        return true;
    case State::Comment:
        // Serd ends a comment at a NUL byte too, and reads on after it.
        if (c == '\n' || c == '\r' || c == '\0')
            state_ = State::Normal;
        return true;
    case State::Iri:
        if (c == '>' || IriRefusals::table[c]) {
            state_ = State::Normal;
        } else if (c == '\\') {
            escape_at_ = offset;
            escaped_ = State::Iri;
            state_ = State::IriEscape;
        }
        return true;
    case State::Quote1: // """ or "", else a string starting with this byte
        if (c == quote_)
            state_ = State::Quote2;
        else
            open_text(State::Short, offset);
        return c == quote_;
    case State::Quote2:
        if (c == quote_)
            open_text(State::Long, offset + 1);
        else
            state_ = State::Normal; // "" was an empty string
        return c == quote_;
    case State::Short:
    case State::Long:
        if (c == quote_) {
            state_ = state_ == State::Short ? State::Normal : State::LongQuote1;
        } else if (c == '\\') {
            escape_at_ = offset;
            escaped_ = state_;
            state_ = State::StringEscape;
        } else if (c == '\n' || c == '\r') {
            // Serd stops at a line end in a short string; a long one holds it.
            if (state_ == State::Short)
                state_ = State::Normal;
        }
        return true;
    case State::LongQuote1:
        // Serd takes the byte after a quote as it is, even a backslash.
        state_ = c == quote_ ? State::LongQuote2 : State::Long;
        return true;
    case State::LongQuote2:
        if (c == quote_) {
            state_ = State::Normal;
            return true;
        }
        state_ = State::Long;
        return false;
    case State::LocalEscape:
        state_ = State::Normal;
        return LocalEscapes::table[c];
    case State::StringEscape:
    case State::IriEscape:
        if (c == 'u' || c == 'U') {
            hex_digits_ = c == 'u' ? 4 : 8;
            hex_left_ = hex_digits_;
            code_ = 0;
            state_ = State::Hex;
            return true;
        }
        if (state_ == State::StringEscape && StringEscapes::table[c]) {
            state_ = escaped_;
            return true;
        }
        state_ = State::Normal;
        return false;
    case State::Hex: {
        const char digit_char = static_cast<char>(c);
        std::uint32_t digit = 0;
        if (std::from_chars(&digit_char, &digit_char + 1, digit, 16).ec != std::errc()) {
            state_ = State::Normal;
            return false;
        }
        code_ = code_ * 16 + digit;
        if (--hex_left_ > 0)
            return true;
        state_ = escaped_;
        check_escape();
        return true;
    }
    }
    return true;
}

void Scanner::check_escape() {
    const bool surrogate = code_ >= 0xD800 && code_ <= 0xDFFF;
    if (!surrogate && code_ <= 0x10FFFF) {
        // Serd refuses these escapes in an IRI and stops after them.
        if (state_ == State::Iri && (code_ == 0 || code_ == ' ' || code_ == '<' || code_ == '>'))
            state_ = State::Normal;
        return;
    }
    char text[16];
    std::snprintf(text, sizeof text, hex_digits_ == 4 ? "\\u%04X" : "\\U%08X",
                  static_cast<unsigned>(code_));
    fail(escape_at_, std::string("escape ") + text +
                         (surrogate ? " is a surrogate, not a character"
                                    : " is above U+10FFFF, the last code point"));
}

std::size_t ScannedSource::read(char* buffer, std::size_t size) {
    if (ended_)
        return 0;
    const std::size_t n = inner_.read(buffer, size);
    error_ = inner_.error();
    const std::size_t passed = scanner_.scan(buffer, n);
    if (n < size && error_.empty())
        scanner_.end();
    ended_ = scanner_.problem().has_value() || n < size;
    return passed;
}

} // namespace seeother::rdf::parse_detail
