// The RFC 9112 must-reject checks that cpp-httplib leaves to us: request-target bytes,
// repeated Host, ambiguous message framing and forbidden characters in field values.
#pragma once

#include "request.hpp"

#include <optional>
#include <string>

namespace seeother::server {

/// Why the request must be rejected with 400, or nullopt. (Content is never a risk for the
/// next request on the connection: cpp-httplib reads and discards it, up to its limit.)
std::optional<std::string> malformed(const Request& request);

} // namespace seeother::server
