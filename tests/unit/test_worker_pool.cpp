#include "server/http/worker_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <set>
#include <thread>
#include <vector>

using seeother::server::WorkerPool;
using namespace std::chrono_literals;

namespace {

/// Work handed out the way the poller does: poll() blocks until there is some.
struct Queue {
    std::mutex mutex;
    std::condition_variable ready_;
    std::deque<std::function<void()>> tasks;
    bool closed = false;

    void push(std::function<void()> task) {
        {
            std::lock_guard lock(mutex);
            tasks.push_back(std::move(task));
        }
        ready_.notify_one();
    }
    /// All at once: one poll finds them all.
    void push_all(std::vector<std::function<void()>> all) {
        {
            std::lock_guard lock(mutex);
            for (auto& task : all)
                tasks.push_back(std::move(task));
        }
        ready_.notify_one();
    }
    std::size_t poll(void** ready, std::size_t max, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex);
        ready_.wait_for(lock, timeout, [&] { return closed || !tasks.empty(); });
        std::size_t n = 0;
        for (; n < max && !tasks.empty(); ++n) {
            ready[n] = new std::function<void()>(std::move(tasks.front()));
            tasks.pop_front();
        }
        return n;
    }
    void close() {
        {
            std::lock_guard lock(mutex);
            closed = true;
        }
        ready_.notify_all();
    }
};

WorkerPool make_pool(Queue& queue, std::size_t maximum, std::chrono::milliseconds idle_exit,
                     std::size_t max_waiting = 0) {
    return WorkerPool(
        maximum, max_waiting, idle_exit,
        [&queue](void** ready, std::size_t max, std::chrono::milliseconds t) {
            return queue.poll(ready, max, t);
        },
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

/// `n` tasks that each wait on something remote (as a SPARQL query does) until `released`,
/// counted in `waiting` once they wait.
void push_remote_waits(Queue& queue, int n, std::shared_future<void> released,
                       std::atomic<int>& waiting) {
    for (int i = 0; i < n; ++i)
        queue.push([&waiting, released] {
            WorkerPool::current_thread_waits(true);
            ++waiting;
            released.wait();
            WorkerPool::current_thread_waits(false);
        });
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

TEST_CASE("ready work is spread over threads, up to the maximum serving", "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 3, 10s);
    pool.start();
    CHECK(pool.threads() == 1);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> running{0};
    // At once: pushed one by one, the poller may find one, serve it and wait, and nobody
    // polls for the rest until the watchdog says so.
    queue.push_all(std::vector<std::function<void()>>(5, [&, released] {
        ++running;
        released.wait();
    }));
    CHECK(eventually([&] { return running == 3; }));
    // Eventually: on a loaded machine a thread that has just served may not have counted
    // itself out yet.
    CHECK(eventually([&] { return pool.threads() == 3; }));
    // All three serve slowly: the watchdog adds a thread to poll meanwhile, no more.
    pool.watchdog(WorkerPool::Clock::now() + 1h, 2ms);
    pool.watchdog(WorkerPool::Clock::now() + 1h, 2ms);
    CHECK(eventually([&] { return pool.threads() == 4; }));
    CHECK(running == 3);
    release.set_value();
    CHECK(eventually([&] { return running == 5; }));
    pool.stop([&] { queue.close(); });
}

TEST_CASE("one client at a time keeps one thread", "[worker_pool]") {
    // The thread that polls serves what it finds, then polls again: no hand-off, and no
    // second thread woken for work one thread can do.
    Queue queue;
    auto pool = make_pool(queue, 4, 10s);
    pool.start();
    std::set<std::thread::id> served_by;
    std::mutex mutex;
    for (int i = 0; i < 50; ++i) {
        std::promise<void> done;
        auto finished = done.get_future();
        queue.push([&] {
            std::lock_guard lock(mutex);
            served_by.insert(std::this_thread::get_id());
            done.set_value();
        });
        REQUIRE(finished.wait_for(10s) == std::future_status::ready);
    }
    CHECK(served_by.size() == 1);
    CHECK(pool.threads() == 1);
    pool.stop([&] { queue.close(); });
}

TEST_CASE("pushed work is served after what is queued", "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 1, 10s);
    pool.start();
    std::atomic<bool> served{false};
    pool.push(new std::function<void()>([&] { served = true; }));
    CHECK(eventually([&] { return served.load(); }));
    pool.stop([&] { queue.close(); });
}

TEST_CASE("idle threads end after a while, but one stays", "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 4, 100ms);
    pool.start();
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> running{0};
    // All at once: pushed one by one, a poller that took the first would serve it and leave
    // the rest to a poll that, without the server's watchdog, nobody makes.
    std::vector<std::function<void()>> tasks;
    for (int i = 0; i < 4; ++i)
        tasks.emplace_back([&, released] {
            ++running;
            released.wait();
        });
    queue.push_all(std::move(tasks));
    CHECK(eventually([&] { return running == 4; }));
    CHECK(eventually([&] { return pool.threads() == 4; }));
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
    // Its poller is serving: the watchdog has another thread poll for the second task.
    pool.watchdog(WorkerPool::Clock::now() + 1h, 2ms);
    CHECK(eventually([&] { return running == 2; }));
    // Both are busy: stuck once neither has started anything for longer than the limit.
    CHECK_FALSE(pool.saturated(WorkerPool::Clock::now() - 1h, 50ms));
    CHECK(pool.saturated(WorkerPool::Clock::now() + 1h, 50ms));
    release.set_value();
    CHECK(eventually([&] { return !pool.saturated(WorkerPool::Clock::now() + 1h, 50ms); }));
    pool.stop([&] { queue.close(); });
}

TEST_CASE("a thread that waits on something remote lets another serve meanwhile", "[worker_pool]") {
    // One core's worth of workers, up to three more while they wait: a SPARQL store's cold
    // requests wait on the endpoint, cached ones compute.
    Queue queue;
    auto pool = make_pool(queue, 1, 10s, 3);
    pool.start();
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> waiting{0};
    push_remote_waits(queue, 3, released, waiting);
    // All three wait at once, and work that computes is served beside them.
    CHECK(eventually([&] { return waiting == 3; }));
    std::atomic<bool> computed{false};
    queue.push([&] { computed = true; });
    CHECK(eventually([&] { return computed.load(); }));
    CHECK_FALSE(pool.saturated(WorkerPool::Clock::now() + 1h, 50ms));
    release.set_value();
    pool.stop([&] { queue.close(); });
}

TEST_CASE("waits beyond the pool's limit queue, and work that computes keeps to one per core",
          "[worker_pool]") {
    Queue queue;
    auto pool = make_pool(queue, 1, 10s, 2);
    pool.start();
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> waiting{0};
    std::atomic<int> computing{0};
    std::atomic<int> most_computing{0};
    push_remote_waits(queue, 3, released, waiting);
    // Three serve at most (one per core, two more while they wait): all three wait.
    CHECK(eventually([&] { return waiting == 3; }));
    std::atomic<bool> computed{false};
    queue.push([&] { computed = true; });
    // Every thread that may serve is serving: the computing task waits its turn.
    std::this_thread::sleep_for(50ms);
    CHECK_FALSE(computed.load());
    CHECK(pool.saturated(WorkerPool::Clock::now() + 1h, 50ms));
    release.set_value();
    CHECK(eventually([&] { return computed.load(); }));
    // Without waits, one serves at a time.
    for (int i = 0; i < 20; ++i)
        queue.push([&] {
            const int now = ++computing;
            int seen = most_computing.load();
            while (now > seen && !most_computing.compare_exchange_weak(seen, now)) {
            }
            std::this_thread::sleep_for(1ms);
            --computing;
        });
    CHECK(eventually([&] { return computing == 0 && queue.tasks.empty(); }));
    CHECK(most_computing == 1);
    pool.stop([&] { queue.close(); });
}

TEST_CASE("waits told on a thread of no pool change nothing", "[worker_pool]") {
    WorkerPool::current_thread_waits(true);
    WorkerPool::current_thread_waits(false);
}
