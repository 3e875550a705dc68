#include "server/http/reply.hpp"
#include "server/http/request.hpp"

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

} // namespace seeother::server
