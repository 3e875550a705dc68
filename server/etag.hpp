// Strong entity tags computed from the bytes of a representation, and If-None-Match.
#pragma once

#include <string>
#include <string_view>

namespace seeother::server {

/// A strong ETag for these exact bytes sent with this content coding ("" for identity,
/// "gzip", "br"), quoted: "\"1f3a…-5c\"" or "\"1f3a…-5c-gzip\"". Stable across runs.
std::string strong_etag(std::string_view body, std::string_view coding = {});

/// True when an If-None-Match field value matches `etag` (RFC 9110 §13.1.2: "*" or any
/// listed tag under weak comparison, so W/"x" matches "x").
bool none_match(std::string_view if_none_match, std::string_view etag);

} // namespace seeother::server
