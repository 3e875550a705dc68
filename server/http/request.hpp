// An HTTP request as a plain value: what handlers read, with no httplib type in sight.
#pragma once

#include "server/http/reply.hpp"

#include "rdf/ascii.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

struct Request {
    std::string method;  ///< as sent, e.g. "GET"
    std::string target;  ///< raw request-target, still percent-encoded, query included
    std::string version; ///< "HTTP/1.1"
    Headers headers;     ///< as received, repeated fields kept
    /// The content of a request that may carry data (PUT, POST) when the server takes
    /// writes; empty otherwise (other content is read and discarded).
    std::string body;

    /// The first field with this name (ASCII case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    /// How many times the field occurs.
    std::size_t count(std::string_view name) const;
};

using rdf::iequals;

/// Whether `text` holds a CR, LF or NUL: a field value (or name) that would split a message.
/// Sixteen octets at a time (SSE2), a short value eight (SWAR): values run to a kilobyte, and
/// every request's and every reply's are checked.
bool has_cr_lf_or_nul(std::string_view text);

/// Why a request value must be rejected with 400, or nullopt: RFC 9112's must-reject cases
/// that a value can still show (a space or control in the target, repeated Host, ambiguous
/// framing, NUL, CR or LF in a field value). The transport checks the bytes more strictly
/// before a request exists (framing.hpp); this serves requests built in process.
std::optional<std::string> malformed(const Request& request);

/// Limits on request header fields: beyond them a request is answered 431.
inline constexpr std::size_t max_header_fields = 100;
inline constexpr std::size_t max_header_bytes = 32 * 1024;

/// Why the header section is too large (431), or nullopt.
std::optional<std::string> too_large(const Request& request);

} // namespace seeother::server
