#include "server/http/worker_pool.hpp"

#include <algorithm>

namespace seeother::server {

WorkerPool::WorkerPool(std::size_t initial, std::size_t maximum)
    : maximum_(std::max<std::size_t>({maximum, initial, 1})) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < std::max<std::size_t>(initial, 1); ++i) {
        ++running_;
        ++idle_;
        threads_.emplace_back([this] { work(); });
    }
}

WorkerPool::~WorkerPool() {
    shutdown();
}

void WorkerPool::enqueue(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return;
        tasks_.push_back(std::move(task));
        // A new thread counts as idle from the start, so a burst of tasks never starts
        // more threads than there are tasks waiting.
        if (tasks_.size() > idle_ && running_ < maximum_) {
            ++running_;
            ++idle_;
            threads_.emplace_back([this] { work(); });
        }
    }
    ready_.notify_one();
}

void WorkerPool::shutdown() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        threads.swap(threads_);
    }
    ready_.notify_all();
    for (auto& t : threads)
        if (t.joinable())
            t.join();
}

bool WorkerPool::saturated() const {
    std::lock_guard lock(mutex_);
    return running_ >= maximum_ && tasks_.size() >= idle_;
}

std::size_t WorkerPool::threads() const {
    std::lock_guard lock(mutex_);
    return running_;
}

std::size_t WorkerPool::busy() const {
    std::lock_guard lock(mutex_);
    return running_ - idle_;
}

std::size_t WorkerPool::queued() const {
    std::lock_guard lock(mutex_);
    return tasks_.size();
}

void WorkerPool::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) {
            --idle_;
            --running_;
            return; // stopping, and nothing left to run
        }
        --idle_;
        auto task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        task();
        lock.lock();
        ++idle_;
    }
}

} // namespace seeother::server
