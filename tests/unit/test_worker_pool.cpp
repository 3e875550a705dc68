#include "server/http/worker_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <thread>

using seeother::server::WorkerPool;
using namespace std::chrono_literals;

namespace {

/// Work handed out the way the poller does: wait() blocks until there is some.
struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> tasks;
    bool closed = false;

    void push(std::function<void()> task) {
        {
            std::lock_guard lock(mutex);
            tasks.push_back(std::move(task));
        }
        ready.notify_one();
    }
    void* wait(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex);
        if (!ready.wait_for(lock, timeout, [&] { return closed || !tasks.empty(); }) ||
            tasks.empty())
            return nullptr;
        auto* task = new std::function<void()>(std::move(tasks.front()));
        tasks.pop_front();
        return task;
    }
    void close() {
        {
            std::lock_guard lock(mutex);
            closed = true;
        }
        ready.notify_all();
    }
};

WorkerPool make_pool(Queue& queue, std::size_t maximum, std::chrono::milliseconds idle_exit) {
    return WorkerPool(
        maximum, idle_exit, [&queue](std::chrono::milliseconds t) { return queue.wait(t); },
        [](void* work) {
            auto* task = static_cast<std::function<void()>*>(work);
            (*task)();
            delete task;
        });
}

template <class Condition> bool eventually(Condition ok) {
    for (int i = 0; i < 500; ++i) {
        if (ok())
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

} // namespace

TEST_CASE("the pool serves all work it waits for", "[worker_pool]") {
    Queue queue;
    std::atomic<int> done{0};
    {
        auto pool = make_pool(queue, 4, 10s);
        pool.start();
        for (int i = 0; i < 100; ++i)
            queue.push([&] { ++done; });
        CHECK(eventually([&] { return done == 100; }));
        pool.stop([&] { queue.close(); });
    }
    CHECK(done == 100);
}

TEST_CASE("a thread is added whenever all are busy, up to the maximum", "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 3, 10s);
    pool.start();
    CHECK(pool.threads() == 1);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> running{0};
    for (int i = 0; i < 5; ++i)
        queue.push([&, released] {
            ++running;
            released.wait();
        });
    CHECK(eventually([&] { return running == 3; }));
    CHECK(pool.threads() == 3);
    release.set_value();
    CHECK(eventually([&] { return running == 5; }));
    CHECK(pool.threads() == 3);
    pool.stop([&] { queue.close(); });
}

TEST_CASE("idle threads end after a while, but one stays", "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 4, 100ms);
    pool.start();
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> running{0};
    for (int i = 0; i < 4; ++i)
        queue.push([&, released] {
            ++running;
            released.wait();
        });
    CHECK(eventually([&] { return running == 4; }));
    CHECK(pool.threads() == 4);
    release.set_value();
    CHECK(eventually([&] { return pool.threads() == 1; }));
    // The one left still serves.
    std::atomic<bool> served{false};
    queue.push([&] { served = true; });
    CHECK(eventually([&] { return served.load(); }));
    pool.stop([&] { queue.close(); });
}

TEST_CASE("the pool is saturated only when every thread is stuck", "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 2, 10s);
    pool.start();
    CHECK_FALSE(pool.saturated(WorkerPool::Clock::now(), 0ms));
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> running{0};
    queue.push([&, released] {
        ++running;
        released.wait();
    });
    CHECK(eventually([&] { return running == 1; }));
    CHECK_FALSE(pool.saturated(WorkerPool::Clock::now() + 1h, 50ms)); // one thread is free
    queue.push([&, released] {
        ++running;
        released.wait();
    });
    CHECK(eventually([&] { return running == 2; }));
    // Both are busy: stuck once neither has started anything for longer than the limit.
    CHECK_FALSE(pool.saturated(WorkerPool::Clock::now() - 1h, 50ms));
    CHECK(pool.saturated(WorkerPool::Clock::now() + 1h, 50ms));
    release.set_value();
    CHECK(eventually([&] { return !pool.saturated(WorkerPool::Clock::now() + 1h, 50ms); }));
    pool.stop([&] { queue.close(); });
}
