// The worker threads, as leader and followers. One thread at a time polls for ready work
// and serves what it finds itself (no hand-off: the thread that sees a request answers it);
// when it finds more than one piece, it wakes followers, the most recently idle first, up
// to --threads serving at once. A thread that finishes with nothing queued polls again, so
// one busy connection keeps one thread, warm. While the poller serves, nobody polls: a
// watchdog (the acceptor) lends the role to another thread when a serve runs long. Threads
// start as needed (at most one more than may serve, so that someone polls while all serve)
// and end after a while without work; one always stays.
//
// A thread that waits on something remote (a SPARQL endpoint's answer) uses no core: it says
// so (wait_begins/wait_ends, through WaitingScope) and stops counting against `workers`, so
// that another thread serves meanwhile, up to `max_waiting` such waits at once. Cached replies
// then get as few threads as cores (no switching between dozens of them), and cold ones as
// many as wait on the endpoint.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace seeother::server {

class WorkerPool {
  public:
    using Clock = std::chrono::steady_clock;
    /// Waits at most `timeout` for ready work; puts up to `max` pieces in `ready` and
    /// returns how many.
    using Poll = std::function<std::size_t(void** ready, std::size_t max,
                                           std::chrono::milliseconds timeout)>;
    /// Does one piece of work.
    using Serve = std::function<void(void* work)>;

    /// At most `workers` (>= 1) threads serve at once, not counting up to `max_waiting` more
    /// that wait on something remote; a thread idle for `idle_exit` ends.
    WorkerPool(std::size_t workers, std::size_t max_waiting, std::chrono::milliseconds idle_exit,
               Poll poll, Serve serve);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Starts the first thread.
    void start();
    /// Ends every thread once its current work is done and joins them; `wake` must make a
    /// poll in progress return. Idempotent.
    void stop(const std::function<void()>& wake);
    /// Work that did not come from a poll (e.g. a connection put back to let others go
    /// first): served after what is queued.
    void push(void* work);
    /// Called every few milliseconds: when nobody polls and the latest serve began more than
    /// `slow` ago, another thread takes up polling.
    void watchdog(Clock::time_point now, std::chrono::milliseconds slow);

    /// Every thread that may serve is serving, and none has started new work for `stuck`.
    bool saturated(Clock::time_point now, std::chrono::milliseconds stuck) const;

    std::size_t threads() const;

    /// The calling thread, while it serves work of some pool, waits on something remote
    /// (true) or has its answer (false): its pool lets another thread serve meanwhile, up to
    /// its `max_waiting`. Nothing on other threads (a background refresh is nobody's worker).
    static void current_thread_waits(bool waiting);

  private:
    struct Idle {
        std::condition_variable wake;
        bool woken = false;
    };
    void run();
    void waits(bool waiting);
    /// Fewer threads serve on a core than `workers`, and fewer serve at all than may.
    bool may_serve_more_locked() const;
    void wake_or_spawn_locked();
    void spawn_locked();

    const std::size_t workers_;
    const std::size_t max_waiting_;
    const std::chrono::milliseconds idle_exit_;
    const Poll poll_;
    const Serve serve_;

    mutable std::mutex mutex_;
    std::deque<void*> queue_;            ///< ready work, oldest first
    std::vector<Idle*> idle_;            ///< followers, most recently idle last
    std::vector<std::thread> threads_;   ///< running, or ended and not yet joined
    std::vector<std::thread::id> ended_; ///< ended by idleness, to join
    std::size_t running_ = 0;
    std::size_t busy_ = 0;    ///< serving, waiting ones included
    std::size_t waiting_ = 0; ///< serving, and waiting on something remote
    bool polling_ = false;
    bool stopping_ = false;
    Clock::time_point last_start_; ///< when a thread last took work
};

} // namespace seeother::server
