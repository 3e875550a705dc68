#include "fold.hpp"

#include <cstdint>

namespace seeother::rdf {
namespace {

/// Base letters of U+00C0..U+00FF; '*' marks the entries with no single-letter base.
constexpr std::string_view latin1 = "aaaaaa*ceeeeiiiidnooooo*ouuuuy**"  // U+00C0..U+00DF
                                    "aaaaaa*ceeeeiiiidnooooo*ouuuuy*y"; // U+00E0..U+00FF

/// Base letters of U+0100..U+017F, Latin Extended-A; '*' as above.
constexpr std::string_view latin_a = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkk"
                                     "llllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuu"
                                     "uuwwyyyzzzzzzs";

/// Decodes one UTF-8 sequence at `i`; returns the code point and advances `i`, or returns
/// -1 (and advances by one byte) for an invalid sequence.
std::int32_t decode(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::int32_t cp = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    } else if ((lead & 0xE0U) == 0xC0U) {
        length = 2;
        cp = lead & 0x1F;
    } else if ((lead & 0xF0U) == 0xE0U) {
        length = 3;
        cp = lead & 0x0F;
    } else if ((lead & 0xF8U) == 0xF0U) {
        length = 4;
        cp = lead & 0x07;
    } else {
        ++i;
        return -1;
    }
    if (i + length > s.size()) {
        ++i;
        return -1;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) {
            ++i;
            return -1;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += length;
    return cp;
}

void encode(std::int32_t cp, std::string& out) {
    const auto u = static_cast<std::uint32_t>(cp);
    if (u < 0x80) {
        out += static_cast<char>(u);
    } else if (u < 0x800) {
        out += static_cast<char>(0xC0U | (u >> 6));
        out += static_cast<char>(0x80U | (u & 0x3FU));
    } else if (u < 0x10000) {
        out += static_cast<char>(0xE0U | (u >> 12));
        out += static_cast<char>(0x80U | ((u >> 6) & 0x3FU));
        out += static_cast<char>(0x80U | (u & 0x3FU));
    } else {
        out += static_cast<char>(0xF0U | (u >> 18));
        out += static_cast<char>(0x80U | ((u >> 12) & 0x3FU));
        out += static_cast<char>(0x80U | ((u >> 6) & 0x3FU));
        out += static_cast<char>(0x80U | (u & 0x3FU));
    }
}

bool is_combining_mark(std::int32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool is_space(std::int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0x00A0 || cp == 0x2007 || cp == 0x202F || cp == 0x3000 ||
           (cp >= 0x2000 && cp <= 0x200A);
}

/// The folded form of one code point, appended to `out`.
void fold(std::int32_t cp, std::string& out) {
    if (cp >= 'A' && cp <= 'Z') {
        out += static_cast<char>(cp - 'A' + 'a');
        return;
    }
    if (cp < 0x80) {
        out += static_cast<char>(cp);
        return;
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char base = latin1[static_cast<std::size_t>(cp - 0xC0)];
        if (base != '*') {
            out += base;
            return;
        }
        switch (cp) {
        case 0xC6: // Æ
        case 0xE6: // æ
            out += "ae";
            return;
        case 0xDE: // Þ
        case 0xFE: // þ
            out += "th";
            return;
        case 0xDF: // ß
            out += "ss";
            return;
        default: // × ÷
            encode(cp, out);
            return;
        }
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        const char base = latin_a[static_cast<std::size_t>(cp - 0x100)];
        if (base != '*') {
            out += base;
            return;
        }
        if (cp == 0x132 || cp == 0x133) // Ĳ ĳ
            out += "ij";
        else if (cp == 0x152 || cp == 0x153) // Œ œ
            out += "oe";
        else
            encode(cp, out);
        return;
    }
    switch (cp) {
    case 0x218: // Ș
    case 0x219:
        out += 's';
        return;
    case 0x21A: // Ț
    case 0x21B:
        out += 't';
        return;
    case 0x1E9E: // ẞ
        out += "ss";
        return;
    case 0x3C2: // final sigma
        encode(0x3C3, out);
        return;
    case 0x386: // Greek letters with tonos
    case 0x3AC:
        encode(0x3B1, out);
        return;
    case 0x388:
    case 0x3AD:
        encode(0x3B5, out);
        return;
    case 0x389:
    case 0x3AE:
        encode(0x3B7, out);
        return;
    case 0x38A:
    case 0x3AF:
        encode(0x3B9, out);
        return;
    case 0x38C:
    case 0x3CC:
        encode(0x3BF, out);
        return;
    case 0x38E:
    case 0x3CD:
        encode(0x3C5, out);
        return;
    case 0x38F:
    case 0x3CE:
        encode(0x3C9, out);
        return;
    case 0x401: // Ё
    case 0x451: // ё
        encode(0x435, out);
        return;
    default:
        break;
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) // Greek capitals
        encode(cp + 0x20, out);
    else if (cp >= 0x410 && cp <= 0x42F) // Cyrillic capitals
        encode(cp + 0x20, out);
    else if (cp >= 0x400 && cp <= 0x40F)
        encode(cp + 0x50, out);
    else
        encode(cp, out);
}

} // namespace

std::string fold_for_search(std::string_view text) {
    static_assert(latin1.size() == 64);
    static_assert(latin_a.size() == 128);
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const std::int32_t cp = decode(text, i);
        if (cp >= 0 && is_space(cp)) {
            pending_space = !out.empty();
            continue;
        }
        if (cp >= 0 && is_combining_mark(cp))
            continue;
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        if (cp < 0)
            out.append(text.substr(start, i - start));
        else
            fold(cp, out);
    }
    return out;
}

} // namespace seeother::rdf
