#include "server/ld/render_flights.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

using seeother::server::RenderFlights;
using seeother::server::Reply;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const Reply> reply_of(std::string body) {
    auto reply = std::make_shared<Reply>();
    reply->body = std::move(body);
    return reply;
}

} // namespace

TEST_CASE("requests for a key being rendered share that render", "[render_flights]") {
    RenderFlights flights;
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    std::atomic<int> renders{0};
    const auto slow = [&] {
        ++renders;
        started.set_value();
        released.wait();
        return reply_of("rendered once");
    };
    bool first_rendered = false;
    auto first =
        std::async(std::launch::async, [&] { return flights.share("k", slow, first_rendered); });
    started.get_future().wait();
    // Every later request for "k" arrives while the first render is held.
    std::vector<std::future<std::shared_ptr<const Reply>>> later;
    std::vector<char> rendered(6, 1);
    for (std::size_t i = 0; i < rendered.size(); ++i)
        later.push_back(std::async(std::launch::async, [&, i] {
            bool r = true;
            auto reply = flights.share(
                "k",
                [&] {
                    ++renders;
                    return reply_of("rendered again");
                },
                r);
            rendered[i] = r;
            return reply;
        }));
    // A request for another key is not held behind "k".
    bool other_rendered = false;
    CHECK(flights
              .share(
                  "other", [] { return reply_of("other"); }, other_rendered)
              ->body == "other");
    CHECK(other_rendered);
    for (int i = 0; i < 1000 && flights.waiting("k") < rendered.size(); ++i)
        std::this_thread::sleep_for(10ms);
    CHECK(flights.waiting("k") == rendered.size());
    release.set_value();
    CHECK(first.get()->body == "rendered once");
    CHECK(first_rendered);
    for (auto& f : later)
        CHECK(f.get()->body == "rendered once");
    CHECK(rendered == std::vector<char>(6, 0));
    CHECK(renders == 1);

    // Once landed, the key renders afresh (the reply cache keeps replies, not this).
    bool again = false;
    CHECK(flights
              .share(
                  "k", [] { return reply_of("new"); }, again)
              ->body == "new");
    CHECK(again);
}

TEST_CASE("a render that throws leaves each waiter to render for itself", "[render_flights]") {
    RenderFlights flights;
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    bool unused = false;
    auto failing = std::async(std::launch::async, [&] {
        return flights.share(
            "k",
            [&]() -> std::shared_ptr<const Reply> {
                started.set_value();
                released.wait();
                throw std::runtime_error("render failed");
            },
            unused);
    });
    started.get_future().wait();
    bool waiter_rendered = false;
    auto waiter = std::async(std::launch::async, [&] {
        return flights.share(
            "k", [] { return reply_of("own"); }, waiter_rendered);
    });
    for (int i = 0; i < 1000 && flights.waiting("k") < 1; ++i)
        std::this_thread::sleep_for(10ms);
    release.set_value();
    CHECK_THROWS_WITH(failing.get(), "render failed");
    CHECK(waiter.get()->body == "own");
    CHECK(waiter_rendered);
}
