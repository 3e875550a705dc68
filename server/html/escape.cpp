#include "server/html/escape.hpp"

#include "server/html/buffer.hpp"

#include "rdf/ascii.hpp"
#include "rdf/iri.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace seeother::server::html {
namespace {

/// The entity for one of the five characters that can end text or an attribute value,
/// else empty. HTML and XML differ only in the apostrophe (`&apos;` is not HTML 4).
std::string_view markup_entity(char c, std::string_view apostrophe) {
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return apostrophe;
    default:
        return {};
    }
}

/// A table of the bytes in `chars`, and of the bytes that may start a code point HTML
/// forbids (forbidden_at()), for escaping loops that mostly copy.
constexpr std::array<bool, 256> byte_set(std::string_view chars) {
    std::array<bool, 256> set{};
    for (const char c : chars)
        set[static_cast<unsigned char>(c)] = true;
    for (unsigned c = 0; c < 0x20; ++c)
        set[c] = set[c] || (c != '\t' && c != '\n' && c != '\r');
    for (const unsigned c : {0x7FU, 0xC2U, 0xEFU, 0xF0U, 0xF1U, 0xF2U, 0xF3U, 0xF4U})
        set[c] = true;
    return set;
}

constexpr auto markup_specials = byte_set("&<>\"'");
constexpr auto script_specials = byte_set("<>&");

/// The first octet of `text` from `i` that `table` holds, or the end: sixteen at a time where
/// SSE2 is there (always on x86-64), as a page's text is escaped here. The vector test flags
/// `Cs`, controls, DEL, and the octets from 0x80 (`all_high`) or those that may start a code
/// point HTML forbids (0xC2, 0xEF, from 0xF0); the table has the last word.
template <bool all_high, char... Cs>
std::size_t find_special(std::string_view text, std::size_t i, const std::array<bool, 256>& table) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t end = text.size();
#ifdef __SSE2__
    const auto equal = [](__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
    for (; i + 16 <= end; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        __m128i hit =
            _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x), equal(x, 0x7F));
        if constexpr (!all_high)
            hit = _mm_or_si128(
                _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(-16)), x)),
                _mm_or_si128(equal(x, static_cast<char>(0xC2)), equal(x, static_cast<char>(0xEF))));
        ((hit = _mm_or_si128(hit, equal(x, Cs))), ...);
        int bits = _mm_movemask_epi8(hit);
        if constexpr (all_high)
            bits |= _mm_movemask_epi8(x);
        if (bits != 0)
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    }
#endif
    while (i < end && !table[p[i]])
        ++i;
    return i;
}

/// A code point HTML forbids in a document, even escaped (a parse error for browsers and
/// checkers): a C0 control but tab, line feed and carriage return, DEL, a C1 control, a
/// noncharacter (U+FDD0 to U+FDEF, U+FFFE and U+FFFF of each plane).
struct Forbidden {
    std::size_t bytes = 0; ///< 0: none at this place
    std::uint32_t code = 0;
};

Forbidden forbidden_at(std::string_view text, std::size_t i) {
    const auto at = [&](std::size_t k) {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U;
    };
    const unsigned c = at(0);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        return {1, c};
    if (c == 0xC2 && at(1) >= 0x80 && at(1) <= 0x9F)
        return {2, at(1)};
    if (c == 0xEF && at(1) == 0xB7 && at(2) >= 0x90 && at(2) <= 0xAF)
        return {3, 0xFDD0 + at(2) - 0x90};
    if (c == 0xEF && at(1) == 0xBF && (at(2) == 0xBE || at(2) == 0xBF))
        return {3, 0xFFFE + at(2) - 0xBE};
    // U+xFFFE and U+xFFFF of planes 1 to 16: F0-F4, then a byte ending in 1111, BF, BE or BF.
    if (c >= 0xF0 && c <= 0xF4 && (at(1) & 0xCFU) == 0x8F && at(2) == 0xBF &&
        (at(3) == 0xBE || at(3) == 0xBF))
        return {4, ((c & 0x07U) << 18U) | ((at(1) & 0x3FU) << 12U) | 0xFFFEU | (at(3) & 1U)};
    return {};
}

/// How a forbidden code point shows: its control picture for C0 and DEL (U+2400 "␀" to
/// U+2421 "␡"), else its escape as Turtle writes it (\u0085, \uFFFE, \U0001FFFF).
template <class Out> void append_visible(Out& out, std::uint32_t code) {
    if (code < 0x20 || code == 0x7F) {
        const std::uint32_t picture = code == 0x7F ? 0x2421 : 0x2400 + code;
        out += static_cast<char>(0xE0 | (picture >> 12U));
        out += static_cast<char>(0x80 | ((picture >> 6U) & 0x3FU));
        out += static_cast<char>(0x80 | (picture & 0x3FU));
        return;
    }
    char escape[12];
    std::snprintf(escape, sizeof escape, code > 0xFFFF ? "\\U%08X" : "\\u%04X",
                  static_cast<unsigned>(code));
    out += escape;
}

/// Appends text with the characters that have an entity replaced, and those HTML forbids
/// shown visibly (in a styled span in element text, `spans`), copying the runs in between
/// whole.
template <class Out>
void append_markup(Out& out, std::string_view text, std::string_view apostrophe, bool spans) {
    std::size_t run = 0;
    const auto next = [&](std::size_t from) {
        return find_special<false, '&', '<', '>', '"', '\''>(text, from, markup_specials);
    };
    for (std::size_t i = next(0); i < text.size(); i = next(i + 1)) {
        if (!markup_specials[static_cast<unsigned char>(text[i])])
            continue;
        const auto entity = markup_entity(text[i], apostrophe);
        const Forbidden forbidden = entity.empty() ? forbidden_at(text, i) : Forbidden{};
        if (entity.empty() && forbidden.bytes == 0)
            continue; // a character that only starts like one
        out.append(text.data() + run, i - run);
        if (!entity.empty()) {
            out += entity;
            run = i + 1;
            continue;
        }
        out += spans ? "<span class=\"ctl\">" : "";
        append_visible(out, forbidden.code);
        out += spans ? "</span>" : "";
        run = i + forbidden.bytes;
        i = run - 1;
    }
    out.append(text.data() + run, text.size() - run);
}

} // namespace

template <class Out> void append_html(Out& out, std::string_view text) {
    append_markup(out, text, "&#39;", true);
}

/// Inside a double-quoted value only '&' and '"' are special; the rest are escaped too so
/// that a value can never be mistaken for markup by a careless reader of the page.
template <class Out> void append_attr(Out& out, std::string_view text) {
    append_markup(out, text, "&#39;", false);
}

/// Percent-encoding leaves only two characters the attribute escapes: '&' and '\''.
template <class Out> void append_uri_attr(Out& out, std::string_view iri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    static constexpr auto special = [] {
        std::array<bool, 256> set{};
        for (unsigned c = 0; c < 256; ++c)
            set[c] = rdf::unsafe_in_uri(static_cast<unsigned char>(c)) || c == '&' || c == '\'';
        return set;
    }();
    std::size_t run = 0;
    const auto next = [&](std::size_t from) {
        return find_special<true, '<', '>', '"', '{', '}', '|', '\\', '^', '`', '&', '\'', ' '>(
            iri, from, special);
    };
    for (std::size_t i = next(0); i < iri.size(); i = next(i + 1)) {
        const auto c = static_cast<unsigned char>(iri[i]);
        out.append(iri.data() + run, i - run);
        if (c == '&') {
            out += "&amp;";
        } else if (c == '\'') {
            out += "&#39;";
        } else {
            const char escape[3] = {'%', hex[c >> 4U], hex[c & 0xFU]};
            out.append(escape, 3);
        }
        run = i + 1;
    }
    out.append(iri.data() + run, iri.size() - run);
}

template void append_html(std::string&, std::string_view);
template void append_html(Buffer&, std::string_view);
template void append_attr(std::string&, std::string_view);
template void append_attr(Buffer&, std::string_view);
template void append_uri_attr(std::string&, std::string_view);
template void append_uri_attr(Buffer&, std::string_view);

template <class Out> void append_query_value(Out& out, std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4U];
            out += hex[u & 15U];
        }
    }
}

template void append_query_value(std::string&, std::string_view);
template void append_query_value(Buffer&, std::string_view);

/// What HTML forbids in a document is forbidden in a script element too; JSON has such
/// characters only in strings, where \u escapes (a surrogate pair past U+FFFF) say the same.
void append_script_data(std::string& out, std::string_view json) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const auto c = static_cast<unsigned char>(json[i]);
        if (!script_specials[c])
            continue;
        const bool markup = c == '<' || c == '>' || c == '&';
        const Forbidden escaped = markup ? Forbidden{1, c} : forbidden_at(json, i);
        if (escaped.bytes == 0)
            continue;
        out.append(json.data() + run, i - run);
        char escape[16];
        const std::uint32_t code = escaped.code;
        if (code > 0xFFFF)
            std::snprintf(escape, sizeof escape, "\\u%04x\\u%04x",
                          static_cast<unsigned>(0xD800 + ((code - 0x10000) >> 10U)),
                          static_cast<unsigned>(0xDC00 + ((code - 0x10000) & 0x3FFU)));
        else
            std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(code));
        out += escape;
        run = i + escaped.bytes;
        i = run - 1;
    }
    out.append(json.data() + run, json.size() - run);
}

namespace {

/// The string an append_* function writes for `text`.
template <class Append> std::string escaped(std::string_view text, Append append) {
    std::string out;
    out.reserve(text.size());
    append(out, text);
    return out;
}

} // namespace

std::string escape_html(std::string_view text) {
    return escaped(text, append_html<std::string>);
}

std::string escape_attr(std::string_view text) {
    return escaped(text, append_attr<std::string>);
}

std::string encode_query_value(std::string_view value) {
    return escaped(value, append_query_value<std::string>);
}

std::string escape_script_data(std::string_view json) {
    return escaped(json, append_script_data);
}

std::string escape_xml(std::string_view text) {
    return escaped(
        text, [](std::string& out, std::string_view t) { append_markup(out, t, "&apos;", false); });
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && rdf::iequals(s.substr(0, prefix.size()), prefix);
}

bool is_linkable(std::string_view iri) {
    // The first octet rules out two of the three schemes.
    if (iri.empty())
        return false;
    switch (iri[0]) {
    case 'h':
        // Mostly written in lower case, which a comparison of a fixed length finds (inlined,
        // where the offset and length of compare() make a call).
        if ((iri.size() >= 7 && std::memcmp(iri.data(), "http://", 7) == 0) ||
            (iri.size() >= 8 && std::memcmp(iri.data(), "https://", 8) == 0))
            return true;
        [[fallthrough]];
    case 'H':
        return starts_with_ci(iri, "http://") || starts_with_ci(iri, "https://");
    case 'm':
    case 'M':
        return starts_with_ci(iri, "mailto:");
    default:
        return false;
    }
}

} // namespace seeother::server::html
