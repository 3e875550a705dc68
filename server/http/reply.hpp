// An HTTP response as a plain value, so handlers can be tested without a socket.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
    int status = 200;
    Headers headers; ///< in order; names as they are sent
    std::string body;
    /// The connection closes after this reply (it says Connection: close), e.g. a 503 that
    /// sheds load. The transport also closes after every error reply and when asked to.
    bool close = false;

    /// The first header with this name (ASCII case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    void set(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

} // namespace seeother::server
