// The sockets. An acceptor takes new connections (answering 503 and closing when
// --max-connections are open or every worker is stuck) and enforces the deadlines; every
// open connection sits in one epoll set, idle ones costing no thread; a small pool of
// workers polls that set (worker_pool.hpp), and the worker that sees a connection ready
// reads it, answers its requests through its Session and writes the replies, then hands it
// back to the set when its buffer is empty and the socket would block. Nothing blocks on a socket:
// a slow reader parks its connection until it can be written to, bounded by the write timeout.
#pragma once

#include "server/http/metrics.hpp"
#include "server/http/session.hpp"
#include "server/http/worker_pool.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace seeother::server {

struct LoopSettings {
    SessionSettings session;
    std::size_t threads = 2;             ///< workers at most
    std::size_t max_waiting = 0;         ///< more workers while they wait on a remote store
    std::size_t max_connections = 10000; ///< open at once; more are answered 503
    std::chrono::milliseconds keep_alive_timeout{5000}; ///< idle between requests
    std::chrono::milliseconds read_timeout{5000};       ///< a whole head; each piece of content
    std::chrono::milliseconds write_timeout{5000};      ///< without the client taking any bytes
    std::chrono::milliseconds linger{2000}; ///< reading what a refused client still sends
    /// New connections get 503 once every worker has been busy this long with no new work.
    std::chrono::milliseconds stuck{100};
    std::chrono::milliseconds drain{4000};     ///< on stop, the longest replies may still take
    std::chrono::milliseconds idle_exit{5000}; ///< a worker without work this long ends
};

class ConnectionLoop {
  public:
    ConnectionLoop(LoopSettings settings, const Application& application, ReplyWriter& writer);
    ~ConnectionLoop();
    ConnectionLoop(const ConnectionLoop&) = delete;
    ConnectionLoop& operator=(const ConnectionLoop&) = delete;

    /// Serves connections accepted on `listen_fd` (a listening socket, which it makes
    /// non-blocking and closes at the end) until stop(); accepts on the calling thread.
    /// Returns once every connection is closed.
    void run(int listen_fd);
    /// Stops accepting; replies in flight are finished (for up to `drain`), idle
    /// connections closed. Safe from any thread, idempotent.
    void stop();

    Metrics::Connections connections() const;

  private:
    struct Connection;
    enum class Next { Park, Requeue, Close, Linger };

    Connection& slot(std::uint32_t index) const;
    Connection* acquire_slot();
    void release_slot(Connection& c);

    void accept_all(std::chrono::steady_clock::time_point now);
    void shed(Connection& c, std::chrono::steady_clock::time_point now);
    void scan(std::chrono::steady_clock::time_point now);
    void begin_stop(std::chrono::steady_clock::time_point now);

    std::size_t poll(void** ready, std::size_t max, std::chrono::milliseconds timeout);
    void serve(Connection& c);
    Next work(Connection& c);
    Next drain_linger(Connection& c);
    bool park(Connection& c);
    void begin_linger(Connection& c);
    void close_now(Connection& c, bool counted_active);
    void requeue(Connection& c);

    LoopSettings settings_;
    const Application& application_;
    ReplyWriter& writer_;

    int epoll_ = -1;          ///< every open connection; workers wait on it
    int acceptor_epoll_ = -1; ///< the listening socket and the stop signal
    int stop_fd_ = -1;        ///< eventfd: stop() was called
    int wake_fd_ = -1;        ///< eventfd in epoll_: workers must end
    int listen_fd_ = -1;

    // The connection table: chunks that are never freed while the loop runs, so an event
    // for a closed connection finds a valid slot whose generation tells it is stale.
    static constexpr std::size_t chunk_size = 512;
    std::size_t capacity_ = 0;
    std::unique_ptr<std::atomic<Connection*>[]> chunks_;
    std::size_t high_water_ = 0; ///< slots ever used (acceptor only)
    std::mutex free_mutex_;
    std::vector<std::uint32_t> free_;

    std::atomic<std::size_t> open_{0};
    std::atomic<std::size_t> active_{0};
    std::atomic<std::size_t> used_{0}; ///< slots in use, lingering ones included
    std::atomic<std::uint64_t> accepted_{0};
    std::atomic<bool> stopping_{false};
    std::chrono::steady_clock::time_point drain_until_;
    bool accept_paused_ = false;
    std::chrono::steady_clock::time_point accept_resume_;

    WorkerPool pool_;
};

} // namespace seeother::server
