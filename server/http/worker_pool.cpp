#include "server/http/worker_pool.hpp"

#include <algorithm>

namespace seeother::server {
namespace {

/// Ready work taken by one poll: enough to keep every worker busy under load.
constexpr std::size_t poll_batch = 32;

/// The pool whose run() the calling thread is in.
thread_local WorkerPool* serving_pool = nullptr;

} // namespace

WorkerPool::WorkerPool(std::size_t workers, std::size_t max_waiting,
                       std::chrono::milliseconds idle_exit, Poll poll, Serve serve)
    : workers_(std::max<std::size_t>(workers, 1)), max_waiting_(max_waiting), idle_exit_(idle_exit),
      poll_(std::move(poll)), serve_(std::move(serve)) {}

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

void WorkerPool::wake_or_spawn_locked() {
    if (!idle_.empty()) {
        Idle* follower = idle_.back(); // the most recently idle: its cache is the warmest
        idle_.pop_back();
        follower->woken = true;
        follower->wake.notify_one();
    } else if (running_ < workers_ + max_waiting_ + 1 && !stopping_) {
        spawn_locked();
    }
}

void WorkerPool::stop(const std::function<void()>& wake) {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto* follower : idle_) {
            follower->woken = true;
            follower->wake.notify_one();
        }
        idle_.clear();
        threads.swap(threads_);
        ended_.clear();
    }
    wake();
    for (auto& t : threads)
        if (t.joinable())
            t.join();
}

void WorkerPool::push(void* work) {
    std::lock_guard lock(mutex_);
    queue_.push_back(work);
    if (may_serve_more_locked())
        wake_or_spawn_locked();
}

void WorkerPool::watchdog(Clock::time_point now, std::chrono::milliseconds slow) {
    std::lock_guard lock(mutex_);
    if (stopping_ || polling_)
        return;
    // Nobody polls: the poller is serving. If that takes long, ready connections would
    // wait for it; another thread polls instead.
    if (busy_ > 0 && now - last_start_ > slow)
        wake_or_spawn_locked();
    else if (!queue_.empty() && may_serve_more_locked())
        wake_or_spawn_locked();
}

bool WorkerPool::saturated(Clock::time_point now, std::chrono::milliseconds stuck) const {
    std::lock_guard lock(mutex_);
    return !may_serve_more_locked() && now - last_start_ > stuck;
}

bool WorkerPool::may_serve_more_locked() const {
    return busy_ - waiting_ < workers_ && busy_ < workers_ + max_waiting_;
}

void WorkerPool::current_thread_waits(bool waiting) {
    if (serving_pool)
        serving_pool->waits(waiting);
}

void WorkerPool::waits(bool waiting) {
    std::lock_guard lock(mutex_);
    if (!waiting) {
        --waiting_;
        return;
    }
    ++waiting_;
    // The core this thread leaves is another's: for work queued, or to poll if nobody does
    // (this thread may have been the poller, serving what it found).
    if (!stopping_ && may_serve_more_locked() && (!queue_.empty() || !polling_))
        wake_or_spawn_locked();
}

std::size_t WorkerPool::threads() const {
    std::lock_guard lock(mutex_);
    return running_;
}

void WorkerPool::run() {
    Idle self;
    void* ready[poll_batch];
    serving_pool = this;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (!queue_.empty() && may_serve_more_locked()) {
            void* work = queue_.front();
            queue_.pop_front();
            ++busy_;
            last_start_ = Clock::now();
            // More ready work than hands: one more thread serves it, or polls meanwhile.
            if (!queue_.empty() && may_serve_more_locked())
                wake_or_spawn_locked();
            lock.unlock();
            serve_(work);
            lock.lock();
            --busy_;
            continue;
        }
        if (!polling_) {
            polling_ = true;
            lock.unlock();
            const auto n = poll_(ready, poll_batch, idle_exit_);
            lock.lock();
            polling_ = false;
            queue_.insert(queue_.end(), ready, ready + n);
            continue;
        }
        // A follower: wait to be woken, or end after a while without work.
        self.woken = false;
        idle_.push_back(&self);
        const bool woken = self.wake.wait_for(lock, idle_exit_, [&] { return self.woken; });
        if (!woken) {
            idle_.erase(std::find(idle_.begin(), idle_.end(), &self));
            if (running_ > 1 && !stopping_) {
                --running_;
                ended_.push_back(std::this_thread::get_id());
                return;
            }
        }
    }
    --running_;
}

} // namespace seeother::server
