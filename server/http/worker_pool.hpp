// A small pool of worker threads that wait for work themselves (in the poller, so a ready
// connection is served by the thread that sees it, with no hand-off) and serve it. It
// starts with one thread and adds one whenever a thread takes work while no other waits,
// up to a maximum; a thread that finds no work for a while ends (one always stays). It can
// tell when every thread it may have is stuck: busy, and none has started new work lately.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace seeother::server {

class WorkerPool {
  public:
    using Clock = std::chrono::steady_clock;
    /// Waits at most `timeout` for one piece of work: nullptr when there is none.
    using Wait = std::function<void*(std::chrono::milliseconds timeout)>;
    /// Does the work `wait` returned.
    using Serve = std::function<void(void* work)>;

    /// At most `maximum` threads (>= 1); a thread idle for `idle_exit` ends.
    WorkerPool(std::size_t maximum, std::chrono::milliseconds idle_exit, Wait wait, Serve serve);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Starts the first thread.
    void start();
    /// Ends every thread once its current work is done and joins them; `wake` must make
    /// every `wait` in progress return. Idempotent.
    void stop(const std::function<void()>& wake);

    /// Every thread the pool may have is serving, and none has started new work for
    /// `stuck`: new work would wait.
    bool saturated(Clock::time_point now, std::chrono::milliseconds stuck) const;

    std::size_t threads() const;

  private:
    void run();
    void spawn_locked();

    const std::size_t maximum_;
    const std::chrono::milliseconds idle_exit_;
    const Wait wait_;
    const Serve serve_;

    mutable std::mutex mutex_;
    std::vector<std::thread> threads_;   ///< running, or ended and not yet joined
    std::vector<std::thread::id> ended_; ///< ended by idleness, to join
    std::size_t running_ = 0;
    std::atomic<std::size_t> waiting_{0};   ///< threads in wait()
    std::atomic<std::size_t> busy_{0};      ///< threads in serve()
    std::atomic<Clock::rep> last_start_{0}; ///< when a thread last took work
    std::atomic<bool> stopping_{false};
};

} // namespace seeother::server
