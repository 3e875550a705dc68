// A raw HTTP/1.1 connection for end-to-end tests of the transport: send any bytes, read the
// replies one by one (pipelined ones too), and see whether the server closed the connection.
// Every wait is bounded.
#pragma once

#include "http_helpers.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <optional>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace seeother::test {

struct RawReply {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// The first field with this name (ASCII case-insensitive), or empty.
    std::string header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (key.size() == name.size() &&
                std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) ==
                           std::tolower(static_cast<unsigned char>(b));
                }))
                return value;
        return {};
    }
    std::size_t count(std::string_view name) const {
        std::size_t n = 0;
        for (const auto& field : headers)
            n += field.first == name ? 1u : 0u;
        return n;
    }
};

class RawConnection {
  public:
    explicit RawConnection(int port) : fd_(connect_loopback(port)) {}
    ~RawConnection() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return fd_ >= 0; }

    /// Sends all of `bytes` (false when the server has closed the connection).
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Half-closes: the server sees the end of the request stream.
    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

    /// The next reply: head, and the body by Content-Length unless `no_body` (a reply to HEAD,
    /// a 1xx, 204 or 304). nullopt when the server closes, or sends nothing for `timeout_ms`.
    std::optional<RawReply> next(bool no_body = false, int timeout_ms = 5000) {
        std::size_t head_end;
        while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!fill(timeout_ms))
                return std::nullopt;
        RawReply reply;
        const std::string head = buffer_.substr(0, head_end + 2);
        if (head.rfind("HTTP/1.", 0) != 0 || head.size() < 12)
            return std::nullopt;
        reply.status = std::stoi(head.substr(9, 3));
        for (auto line = head.find("\r\n") + 2; line < head.size();) {
            const auto end = head.find("\r\n", line);
            const auto colon = head.find(':', line);
            if (colon < end) {
                auto value = head.substr(colon + 1, end - colon - 1);
                while (!value.empty() && value.front() == ' ')
                    value.erase(0, 1);
                reply.headers.emplace_back(head.substr(line, colon - line), value);
            }
            line = end + 2;
        }
        buffer_.erase(0, head_end + 4);
        const bool bodiless =
            no_body || reply.status < 200 || reply.status == 204 || reply.status == 304;
        const auto length = reply.header("Content-Length");
        if (!bodiless && !length.empty()) {
            const auto size = std::stoul(length);
            while (buffer_.size() < size)
                if (!fill(timeout_ms))
                    return std::nullopt;
            reply.body = buffer_.substr(0, size);
            buffer_.erase(0, size);
        }
        return reply;
    }

    /// True when the server closes the connection (end of stream or reset) within
    /// `timeout_ms` and sends nothing more before; false when bytes arrive or it stays open.
    bool closed_by_server(int timeout_ms = 3000) {
        if (!buffer_.empty())
            return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0)
            return false;
        char byte;
        const auto n = ::recv(fd_, &byte, 1, 0);
        if (n > 0)
            buffer_.push_back(byte);
        return n == 0 || (n < 0 && errno == ECONNRESET);
    }

    /// True when bytes arrive (or are already here) within `timeout_ms`; reads nothing.
    bool readable(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        return !buffer_.empty() || ::poll(&p, 1, timeout_ms) > 0;
    }

    /// Bytes received and not yet read as a reply.
    const std::string& pending() const { return buffer_; }

  private:
    bool fill(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0)
            return false;
        char chunk[16384];
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_;
    std::string buffer_;
};

/// A GET for `target` with Host `host` and any further field lines (each ending in CRLF).
inline std::string get_request(std::string_view target, std::string_view host = "a",
                               std::string_view fields = "") {
    std::string r = "GET ";
    r += target;
    r += " HTTP/1.1\r\nHost: ";
    r += host;
    r += "\r\n";
    r += fields;
    r += "\r\n";
    return r;
}

} // namespace seeother::test
