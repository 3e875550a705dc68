// The access log: one line per reply in the combined log format, to a file or stderr.
// Behind a trusted proxy the client is the one the proxy names (Forwarded's for=, else the
// first X-Forwarded-For), not the proxy.
#pragma once

#include "server/http/request.hpp"

#include <cstddef>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>

namespace seeother::server {

/// The client address to log: with `trust_proxy`, the first hop a proxy forwarded for,
/// when it names one; else `peer`.
std::string_view log_client(const Request& request, std::string_view peer, bool trust_proxy);

/// One line, newline included: client, time, request line, status, body bytes, Referer and
/// User-Agent, with quotes, backslashes and controls in request text shown as '?'.
std::string access_log_line(std::string_view client, std::time_t when, const Request& request,
                            int status, std::size_t bytes);

class AccessLog {
  public:
    /// `destination`: "" for none, "-" for stderr, else a file appended to.
    /// Throws std::runtime_error when the file cannot be opened.
    AccessLog(const std::string& destination, bool trust_proxy);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    bool enabled() const { return file_ != nullptr; }
    void write(const Request& request, std::string_view peer, int status, std::size_t bytes);

  private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    bool trust_proxy_ = false;
    std::mutex mutex_;
};

} // namespace seeother::server
