// An HTTP request as a plain value: what handlers read, with no httplib type in sight.
#pragma once

#include "server/http/reply.hpp"

#include "rdf/ascii.hpp"

#include <string>
#include <string_view>

namespace seeother::server {

struct Request {
    std::string method;  ///< as sent, e.g. "GET"
    std::string target;  ///< raw request-target, still percent-encoded, query included
    std::string version; ///< "HTTP/1.1"
    Headers headers;     ///< as received, repeated fields kept

    /// The first field with this name (ASCII case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    /// How many times the field occurs.
    std::size_t count(std::string_view name) const;
};

using rdf::iequals;

} // namespace seeother::server
