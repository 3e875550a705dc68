// Strong entity tags computed from the bytes of a representation, and how the tags of
// If-Match and If-None-Match are compared with them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seeother::server {

/// XXH3 (64 bits, no seed) of `data`: what strong_etag() hashes.
std::uint64_t content_hash(std::string_view data);

/// A strong ETag for these exact bytes sent with this content coding ("" for identity,
/// "gzip", "br"), quoted: "\"1f3a…-5c\"" or "\"1f3a…-5c-gzip\"". Stable across runs.
std::string strong_etag(std::string_view body, std::string_view coding = {});

/// How entity tags are compared (RFC 9110 §8.8.3.2): strongly, both strong and the same
/// (If-Match); weakly, the same once W/ is set aside (If-None-Match).
enum class Comparison { Strong, Weak };

/// True when an If-Match or If-None-Match field value matches `etag`: "*" (there is a
/// current representation), or any tag of the list under `comparison`.
bool entity_tags_match(std::string_view field, std::string_view etag, Comparison comparison);

} // namespace seeother::server
