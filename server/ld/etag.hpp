// Strong entity tags computed from the bytes of a representation, and If-None-Match.
#pragma once

#include "server/http/reply.hpp"
#include "server/http/request.hpp"

#include <string>
#include <string_view>

namespace seeother::server {

/// A strong ETag for these exact bytes sent with this content coding ("" for identity,
/// "gzip", "br"), quoted: "\"1f3a…-5c\"" or "\"1f3a…-5c-gzip\"". Stable across runs.
std::string strong_etag(std::string_view body, std::string_view coding = {});

/// True when an If-None-Match field value matches `etag` (RFC 9110 §13.1.2: "*" or any
/// listed tag under weak comparison, so W/"x" matches "x").
bool none_match(std::string_view if_none_match, std::string_view etag);

/// A 200 whose ETag the request's If-None-Match matches becomes a 304 with the same
/// headers (but Content-Type) and no body; any other reply is returned as it is.
Reply apply_if_none_match(const Request& request, Reply reply);

} // namespace seeother::server
