// The RFC 9112 must-reject checks that cpp-httplib leaves to us: request-target bytes,
// repeated Host, ambiguous message framing and forbidden characters in field values.
#pragma once

#include "server/http/request.hpp"

#include <optional>
#include <string>

namespace seeother::server {

/// Why the request must be rejected with 400, or nullopt. (Content is never a risk for the
/// next request on the connection: cpp-httplib reads and discards it, up to its limit.)
std::optional<std::string> malformed(const Request& request);

/// Limits on request header fields, beyond cpp-httplib's 8 KiB per line.
inline constexpr std::size_t max_header_fields = 100;
inline constexpr std::size_t max_header_bytes = 32 * 1024;

/// Why the header section is too large (431), or nullopt.
std::optional<std::string> too_large(const Request& request);

} // namespace seeother::server
