#include "server/ld/etag.hpp"

#include <cstdint>
#include <cstdio>

namespace seeother::server {

std::string strong_etag(std::string_view body, std::string_view coding) {
    // FNV-1a 64: fast, stable across runs and builds; the length makes accidental
    // collisions between representations of different sizes impossible.
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : body) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
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

bool none_match(std::string_view field, std::string_view etag) {
    const auto opaque = [](std::string_view tag) {
        if (tag.substr(0, 2) == "W/")
            tag.remove_prefix(2);
        return tag;
    };
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
        if (tag == "*" || (!tag.empty() && opaque(tag) == opaque(etag)))
            return true;
        pos = end + 1;
    }
    return false;
}

Reply apply_if_none_match(const Request& request, Reply reply) {
    if (reply.status != 200)
        return reply;
    const auto condition = request.header("If-None-Match");
    const auto etag = reply.header("ETag");
    if (condition.empty() || etag.empty() || !none_match(condition, etag))
        return reply;
    reply.status = 304;
    reply.body.clear();
    for (auto it = reply.headers.begin(); it != reply.headers.end();)
        it = iequals(it->first, "Content-Type") ? reply.headers.erase(it) : it + 1;
    return reply;
}

} // namespace seeother::server
