// Building requests for in-process tests.
#pragma once

#include "server/http/request.hpp"

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

} // namespace seeother::test
