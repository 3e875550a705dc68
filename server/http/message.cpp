#include "server/http/reply.hpp"
#include "server/http/request.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <emmintrin.h>

namespace seeother::server {

namespace {

std::string_view find_header(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers)
        if (iequals(key, name))
            return value;
    return {};
}

} // namespace

std::string_view Reply::header(std::string_view name) const {
    return find_header(headers, name);
}

std::string_view Request::header(std::string_view name) const {
    return find_header(headers, name);
}

std::size_t Request::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& field : headers)
        n += iequals(field.first, name) ? 1u : 0u;
    return n;
}

namespace {

bool is_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

bool has_cr_lf_or_nul(std::string_view text) {
    const char* const data = text.data();
    const std::size_t size = text.size();
    if (size >= 16) {
        const __m128i cr = _mm_set1_epi8('\r');
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i nul = _mm_setzero_si128();
        const auto hit_at = [&](std::size_t at) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
            const __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)), _mm_cmpeq_epi8(x, nul));
            return _mm_movemask_epi8(hit) != 0;
        };
        std::size_t at = 0;
        for (; at + 16 <= size; at += 16)
            if (hit_at(at))
                return true;
        // The rest in the last sixteen, which overlap what was looked at.
        return at < size && hit_at(size - 16);
    }
    // Most values are short (a media type, a date): eight octets at a time, the first and the
    // last eight overlapping, each checked for the three octets at once (SWAR: a byte of `x`
    // is zero where the octet is, and `(x - ones) & ~x` sets its high bit).
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto hit = [&](std::uint64_t word) {
        const auto zero_byte = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
        return (zero_byte(word ^ (ones * '\r')) | zero_byte(word ^ (ones * '\n')) |
                zero_byte(word)) != 0;
    };
    if (size >= 8) {
        std::uint64_t first = 0;
        std::uint64_t last = 0;
        std::memcpy(&first, data, 8);
        std::memcpy(&last, data + size - 8, 8);
        return hit(first) || hit(last);
    }
    for (std::size_t at = 0; at < size; ++at)
        if (data[at] == '\r' || data[at] == '\n' || data[at] == '\0')
            return true;
    return false;
}

std::optional<std::string> malformed(const Request& request) {
    for (const char c : request.target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F)
            return "the request-target contains a space or a control character";
    }
    if (request.count("Host") > 1)
        return "more than one Host header field";
    if (!request.header("Transfer-Encoding").empty() && request.count("Content-Length") > 0)
        return "both Transfer-Encoding and Content-Length";

    std::string_view length;
    for (const auto& [name, value] : request.headers) {
        if (has_cr_lf_or_nul(value))
            return "NUL, CR or LF in the value of " + name;
        if (!iequals(name, "Content-Length"))
            continue;
        if (!is_digits(value))
            return "invalid Content-Length: " + value;
        if (!length.empty() && length != value)
            return "conflicting Content-Length fields";
        length = value;
    }
    return std::nullopt;
}

std::optional<std::string> too_large(const Request& request) {
    if (request.headers.size() > max_header_fields)
        return std::to_string(request.headers.size()) + " header fields; at most " +
               std::to_string(max_header_fields) + " are accepted";
    std::size_t bytes = 0;
    for (const auto& [name, value] : request.headers)
        bytes += name.size() + value.size() + 4;
    if (bytes > max_header_bytes)
        return std::to_string(bytes) + " bytes of header fields; at most " +
               std::to_string(max_header_bytes) + " are accepted";
    return std::nullopt;
}

} // namespace seeother::server
