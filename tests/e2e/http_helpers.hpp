// Small helpers for talking HTTP to the server under test: a shared server on the fixture
// data, and raw-socket exchanges for requests no client library would send.
#pragma once

#include "seeother_process.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace seeother::test {

inline const char* const fixture_base = "http://data.test/";

/// One server on tests/data/e2e for the whole test run.
inline SeeotherProcess& fixture_server() {
    static SeeotherProcess server(
        serve_args({std::string(SEEOTHER_TEST_DATA) + "/e2e"}, fixture_base));
    return server;
}

inline httplib::Client client(const SeeotherProcess& server) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
}

inline std::string origin(const SeeotherProcess& server) {
    return "http://127.0.0.1:" + std::to_string(server.port());
}

/// A TCP connection to the server under test, or -1.
inline int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// Sends raw bytes on a fresh connection and returns what comes back until the end of the
/// first response head (or the server closes, or `timeout_ms` passes with no data). The
/// connection is not half-closed: cpp-httplib drops requests from half-closed clients.
inline std::string raw_exchange(int port, const std::string& bytes, int timeout_ms = 3000) {
    const int fd = connect_loopback(port);
    if (fd < 0)
        return {};
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::string response;
    char buf[4096];
    while (response.find("\r\n\r\n") == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0)
            break;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        response.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return response;
}

/// The value of a header in a raw response head, or empty.
inline std::string raw_header(const std::string& response, const std::string& name) {
    const auto at = response.find("\r\n" + name + ": ");
    if (at == std::string::npos)
        return {};
    const auto start = at + name.size() + 4;
    return response.substr(start, response.find("\r\n", start) - start);
}

/// The status code of the first response in raw bytes, or 0.
inline int raw_status(const std::string& response) {
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12)
        return 0;
    return std::stoi(response.substr(9, 3));
}

} // namespace seeother::test
