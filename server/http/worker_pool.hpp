// An elastic pool of worker threads for a thread-per-connection server: it starts with a
// few threads and adds one whenever a task would otherwise wait, up to a maximum, so a
// burst of kept-alive connections never leaves a new client queued behind them.
#pragma once

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
    /// Starts `initial` threads; grows to at most `maximum` (>= initial, >= 1).
    WorkerPool(std::size_t initial, std::size_t maximum);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Runs the task on an idle thread, a new thread when none is idle and the maximum is
    /// not reached, or else on the first thread that becomes free.
    void enqueue(std::function<void()> task);

    /// Runs every task already queued, then joins all threads. Idempotent.
    void shutdown();

    /// True when every thread the pool may have is busy: a new task would wait.
    bool saturated() const;

    std::size_t threads() const;
    std::size_t busy() const;
    std::size_t queued() const;

  private:
    void work();

    const std::size_t maximum_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> tasks_;
    std::vector<std::thread> threads_;
    std::size_t running_ = 0; ///< threads started and not yet finished
    std::size_t idle_ = 0;    ///< threads waiting for a task
    bool stopping_ = false;
};

} // namespace seeother::server
