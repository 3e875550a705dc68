// The HTTP server: the only module that knows cpp-httplib. It adapts requests and replies,
// adds CORS to every response, turns surprises into 500s, and owns the socket settings.
#pragma once

#include "site.hpp"

#include "rdf/store.hpp"

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
    int read_timeout = 5;  ///< seconds to wait for a request's bytes
    int write_timeout = 5; ///< seconds to wait for the client to take a response
};

class HttpServer {
  public:
    HttpServer(const rdf::Store& store, Site site, ServerSettings settings);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the listening socket; returns the port (the system's choice for port 0).
    /// Throws std::runtime_error when the address cannot be bound.
    int bind();
    /// Serves until stop(); call after bind(). Returns when the server has stopped.
    void run();
    /// Stops accepting and ends run(); safe from another thread.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace seeother::server
