#include "server/http/worker_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using seeother::server::WorkerPool;

TEST_CASE("the pool runs every task it is given", "[worker_pool]") {
    std::atomic<int> done{0};
    {
        WorkerPool pool(2, 4);
        for (int i = 0; i < 100; ++i)
            pool.enqueue([&] { ++done; });
        pool.shutdown();
    }
    CHECK(done == 100);
}

TEST_CASE("a task never waits behind busy threads while the pool may grow", "[worker_pool]") {
    WorkerPool pool(1, 8);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> blocked{0};
    for (int i = 0; i < 5; ++i)
        pool.enqueue([&, released] {
            ++blocked;
            released.wait();
        });
    std::promise<void> ran;
    auto ran_future = ran.get_future();
    pool.enqueue([&] { ran.set_value(); });
    // Five tasks hold five threads; the sixth runs on a sixth thread, not after them.
    CHECK(ran_future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK(pool.threads() == 6);
    release.set_value();
    pool.shutdown();
    CHECK(blocked == 5);
}

TEST_CASE("the pool never grows past its maximum; extra tasks wait their turn", "[worker_pool]") {
    WorkerPool pool(1, 2);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> done{0};
    for (int i = 0; i < 6; ++i)
        pool.enqueue([&, released] {
            released.wait();
            ++done;
        });
    CHECK(pool.threads() == 2);
    CHECK(pool.queued() >= 4);
    release.set_value();
    pool.shutdown();
    CHECK(done == 6);
}

TEST_CASE("a pool is saturated only when all of its threads are busy", "[worker_pool]") {
    WorkerPool pool(1, 2);
    CHECK_FALSE(pool.saturated());
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> started{0};
    for (int i = 0; i < 2; ++i)
        pool.enqueue([&, released] {
            ++started;
            released.wait();
        });
    for (int i = 0; i < 500 && started < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(pool.saturated());
    release.set_value();
    pool.shutdown();
}
