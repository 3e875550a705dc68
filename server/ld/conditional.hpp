// Conditional requests (RFC 9110 §13): the preconditions a request may carry, evaluated in
// §13.2.2's order against the validators of the representation it would get, and the 304 or
// 412 that results. Pure functions: Service applies them after the reply cache (cached replies
// are unconditional), handle() to what it renders for itself.
#pragma once

#include "server/http/reply.hpp"
#include "server/http/request.hpp"
#include "server/ld/problem.hpp"

#include <ctime>
#include <optional>
#include <string_view>

namespace seeother::server {

/// The validators of the selected representation.
struct Validators {
    std::string_view etag;                    ///< its ETag, quoted; empty for none
    std::optional<std::time_t> last_modified; ///< its Last-Modified; none without one
};

enum class Precondition {
    Proceed,     ///< answer as without the conditions
    NotModified, ///< 304 (GET and HEAD only)
    Failed,      ///< 412
};

/// RFC 9110 §13.2.2 for a request whose unconditional reply is a representation with these
/// validators. 1: If-Match (strong comparison; "*" matches, since there is a
/// representation), else 2: If-Unmodified-Since; 3: If-None-Match (weak comparison; a match
/// is 304 for GET and HEAD, else 412), else 4: If-Modified-Since (GET and HEAD only). A date
/// that is not an HTTP-date, a date field given twice, and a date with no Last-Modified to
/// compare it with are ignored. If-Range is ignored with Range (README).
Precondition evaluate_preconditions(const Request& request, const Validators& selected);

/// Whether the request carries If-Match, If-None-Match, If-Modified-Since or
/// If-Unmodified-Since.
bool has_preconditions(const Request& request);

/// The request without those fields: what the reply cache renders and keeps.
Request without_preconditions(Request request);

/// The 304 for a 200: no body, and of the 200's fields only those RFC 9110 §15.4.5 has a 304
/// carry (ETag, Content-Location, Vary, Cache-Control, Expires). Date is the transport's,
/// CORS Service's.
Reply not_modified(const Reply& ok);

/// A conditional request's reply, given its unconditional one: a 200 is evaluated (a 304, a
/// 412 Problem, or the 200 itself); any other reply is returned as it is, since redirects
/// and errors take precedence over preconditions (RFC 9110 §13.2.1), and the one other 2xx,
/// OPTIONS' 204, selects no representation.
Result<Reply> apply_preconditions(const Request& request, Reply reply);

} // namespace seeother::server
