#include "iri.hpp"

#include "writer_util.hpp"

#include <algorithm>
#include <array>

namespace seeother::rdf {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        unsigned min = 0;
        unsigned code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, code = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, code = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, code = c & 0x07u;
        } else {
            return false;
        }
        if (i + extra >= s.size())
            return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (cc & 0x3Fu);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view path, Decoding decoding) {
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '\0')
            return std::nullopt;
        if (c != '%') {
            out += c;
            continue;
        }
        if (i + 2 >= path.size())
            return std::nullopt;
        const int hi = hex_value(path[i + 1]);
        const int lo = hex_value(path[i + 2]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        const auto octet = static_cast<unsigned char>(hi * 16 + lo);
        if (octet == 0)
            return std::nullopt;
        if (decoding == Decoding::Full || octet >= 0x80 || is_unreserved(octet))
            out += static_cast<char>(octet);
        else
            out.append(path.substr(i, 3));
        i += 2;
    }
    if (!is_valid_utf8(out))
        return std::nullopt;
    return out;
}

namespace {

/// The octets iri_to_uri() percent-encodes: non-ASCII, controls, space, DEL and <>"{}|\^`.
constexpr std::array<bool, 256> unsafe_octets = [] {
    std::array<bool, 256> unsafe{};
    for (std::size_t c = 0; c < 256; ++c)
        unsafe[c] = unsafe_in_uri(static_cast<unsigned char>(c));
    return unsafe;
}();

} // namespace

std::string iri_to_uri(std::string_view iri) {
    // A table lookup an octet, and the runs between unsafe octets copied whole: every link
    // of a page is made here.
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(iri.size());
    std::size_t run = 0;
    for (std::size_t i = 0; i < iri.size(); ++i) {
        const auto c = static_cast<unsigned char>(iri[i]);
        if (!unsafe_octets[c])
            continue;
        out.append(iri.data() + run, i - run);
        const char escape[3] = {'%', hex[c >> 4], hex[c & 0xF]};
        out.append(escape, 3);
        run = i + 1;
    }
    out.append(iri.data() + run, iri.size() - run);
    return out;
}

IriRewriter::IriRewriter(std::string from, std::string to)
    : IriRewriter(std::vector<Pair>{{std::move(from), std::move(to)}}) {}

IriRewriter::IriRewriter(std::vector<Pair> pairs) : pairs_(std::move(pairs)) {
    if (pairs_.size() > 1) // one pair (one namespace, the usual case) needs no order
        std::stable_sort(pairs_.begin(), pairs_.end(), [](const Pair& a, const Pair& b) {
            return a.first.size() > b.first.size();
        });
    active_ = std::any_of(pairs_.begin(), pairs_.end(),
                          [](const Pair& p) { return p.first != p.second; });
}

IriRewriter IriRewriter::inverse() const {
    std::vector<Pair> swapped;
    swapped.reserve(pairs_.size());
    for (const auto& [from, to] : pairs_)
        swapped.emplace_back(to, from);
    return IriRewriter(std::move(swapped));
}

const IriRewriter::Pair* IriRewriter::match(std::string_view iri) const {
    for (const auto& pair : pairs_)
        if (iri.substr(0, pair.first.size()) == pair.first)
            return &pair;
    return nullptr;
}

std::string IriRewriter::rewrite(std::string_view iri) const {
    if (const auto* pair = active_ ? match(iri) : nullptr)
        return pair->second + std::string(iri.substr(pair->first.size()));
    return std::string(iri);
}

std::pair<std::string_view, std::string_view>
IriRewriter::rewrite_parts(std::string_view iri) const {
    if (const auto* pair = active_ ? match(iri) : nullptr)
        return {pair->second, iri.substr(pair->first.size())};
    return {{}, iri};
}

void IriRewriter::rewrite_in_place(Term& term) const {
    if (!active_)
        return;
    auto fix = [this](std::string& iri) {
        if (const auto* pair = match(iri); pair && pair->first != pair->second)
            iri.replace(0, pair->first.size(), pair->second);
    };
    if (term.is_iri())
        fix(term.value);
    else if (term.is_literal() && !term.datatype.empty())
        fix(term.datatype);
}

void IriRewriter::rewrite_in_place(Triples& triples) const {
    if (!active())
        return;
    for (auto& t : triples) {
        rewrite_in_place(t.subject);
        rewrite_in_place(t.predicate);
        rewrite_in_place(t.object);
        if (!t.graph.empty())
            t.graph = rewrite(t.graph);
    }
}

void IriRewriter::rewrite_in_place(Prefixes& prefixes) const {
    if (!active())
        return;
    for (auto& p : prefixes)
        p.iri = rewrite(p.iri);
}

bool IriRewriter::keeps_writable() const {
    return std::all_of(pairs_.begin(), pairs_.end(), [](const Pair& pair) {
        const std::string& to = pair.second;
        return is_writable_iri(to) &&
               std::all_of(to.begin(), to.end(), [](char c) { return (c & 0x80) == 0; });
    });
}

} // namespace seeother::rdf
