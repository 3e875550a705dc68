#include "server/http/worker_pool.hpp"

#include <algorithm>

namespace seeother::server {

WorkerPool::WorkerPool(std::size_t maximum, std::chrono::milliseconds idle_exit, Wait wait,
                       Serve serve)
    : maximum_(std::max<std::size_t>(maximum, 1)), idle_exit_(idle_exit), wait_(std::move(wait)),
      serve_(std::move(serve)) {}

WorkerPool::~WorkerPool() {
    stop([] {});
}

void WorkerPool::start() {
    std::lock_guard lock(mutex_);
    if (running_ == 0 && !stopping_)
        spawn_locked();
}

void WorkerPool::spawn_locked() {
    // Threads that ended by idleness have left run(); joining them is immediate.
    for (const auto id : ended_) {
        const auto it = std::find_if(threads_.begin(), threads_.end(),
                                     [id](const std::thread& t) { return t.get_id() == id; });
        if (it != threads_.end()) {
            it->join();
            threads_.erase(it);
        }
    }
    ended_.clear();
    ++running_;
    threads_.emplace_back([this] { run(); });
}

void WorkerPool::stop(const std::function<void()>& wake) {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        threads.swap(threads_);
        ended_.clear();
    }
    wake();
    for (auto& t : threads)
        if (t.joinable())
            t.join();
}

bool WorkerPool::saturated(Clock::time_point now, std::chrono::milliseconds stuck) const {
    if (busy_.load(std::memory_order_relaxed) < maximum_)
        return false;
    const Clock::time_point last(Clock::duration(last_start_.load(std::memory_order_relaxed)));
    return now - last > stuck;
}

std::size_t WorkerPool::threads() const {
    std::lock_guard lock(mutex_);
    return running_;
}

void WorkerPool::run() {
    auto idle_since = Clock::now();
    while (!stopping_) {
        waiting_.fetch_add(1);
        void* work = wait_(idle_exit_);
        waiting_.fetch_sub(1);
        const auto now = Clock::now();
        if (!work) {
            if (now - idle_since < idle_exit_ || stopping_)
                continue;
            std::lock_guard lock(mutex_);
            if (running_ > 1 && !stopping_) {
                --running_;
                ended_.push_back(std::this_thread::get_id());
                return;
            }
            idle_since = now;
            continue;
        }
        // Someone must keep waiting, so that other ready work is seen while this is served.
        if (waiting_.load() == 0) {
            std::lock_guard lock(mutex_);
            if (running_ < maximum_ && !stopping_)
                spawn_locked();
        }
        busy_.fetch_add(1, std::memory_order_relaxed);
        last_start_.store(now.time_since_epoch().count(), std::memory_order_relaxed);
        serve_(work);
        busy_.fetch_sub(1, std::memory_order_relaxed);
        idle_since = Clock::now();
    }
    std::lock_guard lock(mutex_);
    --running_;
}

} // namespace seeother::server
