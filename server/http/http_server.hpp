// The HTTP server: the only module that knows cpp-httplib. It adapts requests and replies,
// adds CORS to every response, serves /healthz and /metrics, writes the access log, turns
// surprises into 500s, and owns the socket and thread settings.
#pragma once

#include "server/ld/service.hpp"

#include <memory>
#include <string>

namespace seeother::server {

struct ServerSettings {
    std::string host = "127.0.0.1";
    int port = 8080;
    int threads = 16;           ///< worker threads started up front
    int max_connections = 1024; ///< threads at most: one per open connection
    int keep_alive_timeout = 5; ///< seconds an idle kept-alive connection is held
    int keep_alive_requests = 10000;
    int read_timeout = 5;   ///< seconds to wait for a request's bytes
    int write_timeout = 5;  ///< seconds to wait for the client to take a response
    std::string access_log; ///< "" for none, "-" for stderr, else a file appended to
};

class HttpServer {
  public:
    HttpServer(Service& service, ServerSettings settings);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the listening socket; returns the port (the system's choice for port 0).
    /// Throws std::runtime_error when the address cannot be bound or the log not opened.
    int bind();
    /// Serves until stop(); call after bind(). Returns when the server has stopped.
    void run();
    /// Stops accepting and ends run(); in-flight requests finish. Safe from any thread.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace seeother::server
