#include "server/http/reply.hpp"
#include "server/http/request.hpp"

#include <algorithm>

namespace seeother::server {

namespace {

std::string_view find_header(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers)
        if (iequals(key, name))
            return value;
    return {};
}

} // namespace

std::string_view Reply::header(std::string_view name) const {
    return find_header(headers, name);
}

std::string_view Request::header(std::string_view name) const {
    return find_header(headers, name);
}

std::size_t Request::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& field : headers)
        n += iequals(field.first, name) ? 1u : 0u;
    return n;
}

namespace {

bool is_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::optional<std::string> malformed(const Request& request) {
    for (const char c : request.target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F)
            return "the request-target contains a space or a control character";
    }
    if (request.count("Host") > 1)
        return "more than one Host header field";
    if (!request.header("Transfer-Encoding").empty() && request.count("Content-Length") > 0)
        return "both Transfer-Encoding and Content-Length";

    std::string_view length;
    for (const auto& [name, value] : request.headers) {
        if (value.find_first_of(std::string_view("\0\r\n", 3)) != std::string::npos)
            return "NUL, CR or LF in the value of " + name;
        if (!iequals(name, "Content-Length"))
            continue;
        if (!is_digits(value))
            return "invalid Content-Length: " + value;
        if (!length.empty() && length != value)
            return "conflicting Content-Length fields";
        length = value;
    }
    return std::nullopt;
}

std::optional<std::string> too_large(const Request& request) {
    if (request.headers.size() > max_header_fields)
        return std::to_string(request.headers.size()) + " header fields; at most " +
               std::to_string(max_header_fields) + " are accepted";
    std::size_t bytes = 0;
    for (const auto& [name, value] : request.headers)
        bytes += name.size() + value.size() + 4;
    if (bytes > max_header_bytes)
        return std::to_string(bytes) + " bytes of header fields; at most " +
               std::to_string(max_header_bytes) + " are accepted";
    return std::nullopt;
}

} // namespace seeother::server
