// The HTTP server: binds the listening socket, runs the connection loop, and is the only
// module that knows cpp-httplib, which writes every reply's status line and header fields.
// What a reply says (CORS, /healthz, /metrics, the 503 that sheds load) is the
// application's (Application); the transport adds only Content-Length, Connection,
// Keep-Alive and Date.
#pragma once

#include "server/http/session.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace seeother::server {

struct ServerSettings {
    std::string host = "127.0.0.1";
    int port = 8080;
    int threads = 0; ///< workers at most; 0: one per core
    /// More workers while they wait on a remote store (WorkerPool::current_thread_waits).
    int max_waiting = 0;
    int max_connections = 50000; ///< open at once, within the open-file limit; more get 503
    int keep_alive_timeout = 5;  ///< seconds an idle kept-alive connection is held
    int keep_alive_requests = 10000;
    int read_timeout = 5;  ///< seconds for a whole request head, and for each piece of content
    int write_timeout = 5; ///< seconds the client may take no bytes of a reply
    std::uint64_t max_upload = 0; ///< bytes of a PUT or POST kept for writes; 0: writes off
    std::string access_log;       ///< "" for none, "-" for stderr, else a file appended to
    bool trust_proxy = false;     ///< the access log names the client a proxy forwarded for
};

class HttpServer {
  public:
    HttpServer(Application application, ServerSettings settings);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the listening socket; returns the port (the system's choice for port 0).
    /// Throws std::runtime_error when the address cannot be bound or the log not opened.
    int bind();
    /// Serves until stop(); call after bind(). Returns when the server has stopped: replies
    /// in flight finished (for up to 4 s), every connection closed.
    void run();
    /// Stops accepting and ends run(). Safe from any thread, and before run().
    void stop();

    /// The transport's lines of /metrics (Prometheus text): requests, latency, connections.
    std::string metrics() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Whether the writer keeps the layout of each shape of head httplib wrote (the server's
/// way), or asks httplib for every head (what tests compare the layouts with).
enum class HeadLayouts { kept, none };

/// The reply writer the server uses (cpp-httplib's), for tests and the fuzz target. `date`
/// gives the Date field (default: the clock); Keep-Alive states the given limits.
std::unique_ptr<ReplyWriter> make_reply_writer(int keep_alive_timeout,
                                               std::size_t keep_alive_requests,
                                               std::function<std::string()> date = {},
                                               HeadLayouts layouts = HeadLayouts::kept);

} // namespace seeother::server
