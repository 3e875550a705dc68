// Building requests and sites for in-process tests: the one place every unit test gets them.
#pragma once

#include "server/http/request.hpp"
#include "server/ld/site.hpp"

#include <string>

namespace seeother::test {

inline server::Request make_request(std::string target, server::Headers headers = {},
                                    std::string method = "GET", std::string version = "HTTP/1.1") {
    server::Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.version = std::move(version);
    r.headers = std::move(headers);
    return r;
}

/// `headers` with each field of `extra` replacing the field of that name, or appended.
inline server::Headers with_fields(server::Headers headers, const server::Headers& extra) {
    for (const auto& [name, value] : extra) {
        auto same = headers.begin();
        while (same != headers.end() && !server::iequals(same->first, name))
            ++same;
        if (same == headers.end())
            headers.emplace_back(name, value);
        else
            same->second = value;
    }
    return headers;
}

/// A request from a client that reaches the server as 127.0.0.1:8080: the Host field, then
/// `extra` as it is (a second Host included).
inline server::Request local_request(std::string target, const server::Headers& extra = {},
                                     std::string method = "GET", std::string version = "HTTP/1.1") {
    server::Headers headers{{"Host", "127.0.0.1:8080"}};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return make_request(std::move(target), std::move(headers), std::move(method),
                        std::move(version));
}

/// The site the tests serve: --base `base`, everything else as by default.
inline server::Site site(std::string base = "http://example.org/") {
    server::Site s;
    s.base = std::move(base);
    return s;
}

} // namespace seeother::test
