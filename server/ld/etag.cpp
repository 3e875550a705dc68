#include "server/ld/etag.hpp"

#include <cstdint>
#include <cstdio>

namespace seeother::server {

namespace {

// XXH64 (xxHash's 64-bit hash, seed 0, as its specification gives it): stable across runs,
// builds and machines (words read little-endian), and four independent lanes of 8 octets,
// where FNV-1a took a multiplication per octet in one chain (a 14 KB page: about 20 µs).
constexpr std::uint64_t p1 = 11400714785074694791ULL;
constexpr std::uint64_t p2 = 14029467366897019727ULL;
constexpr std::uint64_t p3 = 1609587929392839161ULL;
constexpr std::uint64_t p4 = 9650029242287828579ULL;
constexpr std::uint64_t p5 = 2870177450012600261ULL;

std::uint64_t rotl(std::uint64_t x, unsigned r) {
    return (x << r) | (x >> (64U - r));
}

std::uint64_t read64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i)
        v |= static_cast<std::uint64_t>(p[i]) << (8U * i);
    return v;
}

std::uint64_t read32(const unsigned char* p) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < 4; ++i)
        v |= static_cast<std::uint64_t>(p[i]) << (8U * i);
    return v;
}

std::uint64_t round(std::uint64_t acc, std::uint64_t input) {
    return rotl(acc + input * p2, 31) * p1;
}

std::uint64_t merge(std::uint64_t acc, std::uint64_t lane) {
    return (acc ^ round(0, lane)) * p1 + p4;
}

} // namespace

std::uint64_t xxh64(std::string_view data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const unsigned char* const end = p + data.size();
    std::uint64_t h = 0;
    if (data.size() >= 32) {
        std::uint64_t v1 = p1 + p2;
        std::uint64_t v2 = p2;
        std::uint64_t v3 = 0;
        std::uint64_t v4 = 0 - p1;
        for (; end - p >= 32; p += 32) {
            v1 = round(v1, read64(p));
            v2 = round(v2, read64(p + 8));
            v3 = round(v3, read64(p + 16));
            v4 = round(v4, read64(p + 24));
        }
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = merge(merge(merge(merge(h, v1), v2), v3), v4);
    } else {
        h = p5;
    }
    h += data.size();
    for (; end - p >= 8; p += 8)
        h = rotl(h ^ round(0, read64(p)), 27) * p1 + p4;
    if (end - p >= 4) {
        h = rotl(h ^ (read32(p) * p1), 23) * p2 + p3;
        p += 4;
    }
    for (; p < end; ++p)
        h = rotl(h ^ (*p * p5), 11) * p1;
    h ^= h >> 33U;
    h *= p2;
    h ^= h >> 29U;
    h *= p3;
    h ^= h >> 32U;
    return h;
}

std::string strong_etag(std::string_view body, std::string_view coding) {
    // The length makes accidental collisions between representations of different sizes
    // impossible.
    const std::uint64_t hash = xxh64(body);
    char buf[48];
    std::snprintf(buf, sizeof buf, "\"%016llx-%zx", static_cast<unsigned long long>(hash),
                  body.size());
    std::string tag = buf;
    if (!coding.empty()) {
        tag += '-';
        tag += coding;
    }
    tag += '"';
    return tag;
}

bool entity_tags_match(std::string_view field, std::string_view etag, Comparison comparison) {
    const auto weak = [](std::string_view tag) { return tag.substr(0, 2) == "W/"; };
    const auto opaque = [&](std::string_view tag) {
        if (weak(tag))
            tag.remove_prefix(2);
        return tag;
    };
    const bool strong_only = comparison == Comparison::Strong;
    std::size_t pos = 0;
    while (pos < field.size()) {
        auto end = field.find(',', pos);
        if (end == std::string_view::npos)
            end = field.size();
        auto tag = field.substr(pos, end - pos);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t'))
            tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t'))
            tag.remove_suffix(1);
        if (tag == "*")
            return true;
        if (!tag.empty() && !etag.empty() && opaque(tag) == opaque(etag) &&
            !(strong_only && (weak(tag) || weak(etag))))
            return true;
        pos = end + 1;
    }
    return false;
}

} // namespace seeother::server
