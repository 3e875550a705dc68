#include "server/ld/render_flights.hpp"

#include "server/http/worker_pool.hpp"

#include <condition_variable>

namespace seeother::server {

struct RenderFlights::Flight {
    std::mutex mutex;
    std::condition_variable landed;
    std::size_t waiters = 0; ///< under the shard's mutex
    bool done = false;
    std::shared_ptr<const Reply> reply; ///< null when the render threw
};

RenderFlights::Shard& RenderFlights::shard_of(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

std::size_t RenderFlights::waiting(const std::string& key) {
    auto& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.flying.find(key);
    return found == shard.flying.end() ? 0 : found->second->waiters;
}

std::shared_ptr<const Reply> RenderFlights::share(const std::string& key, const Render& render,
                                                  bool& rendered) {
    auto& shard = shard_of(key);
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
        std::lock_guard lock(shard.mutex);
        auto& slot = shard.flying[key];
        if (!slot) {
            slot = std::make_shared<Flight>();
            leader = true;
        } else {
            ++slot->waiters;
        }
        flight = slot;
    }
    if (!leader) {
        // Waiting uses no core: the worker pool lets another thread serve meanwhile.
        WorkerPool::current_thread_waits(true);
        std::shared_ptr<const Reply> reply;
        {
            std::unique_lock lock(flight->mutex);
            flight->landed.wait(lock, [&] { return flight->done; });
            reply = flight->reply;
        }
        WorkerPool::current_thread_waits(false);
        rendered = !reply;
        return reply ? reply : render();
    }

    const auto land = [&](std::shared_ptr<const Reply> reply) {
        {
            std::lock_guard lock(shard.mutex);
            shard.flying.erase(key);
        }
        {
            std::lock_guard lock(flight->mutex);
            flight->done = true;
            flight->reply = std::move(reply);
        }
        flight->landed.notify_all();
    };
    std::shared_ptr<const Reply> reply;
    try {
        reply = render();
    } catch (...) {
        land(nullptr);
        throw;
    }
    land(reply);
    rendered = true;
    return reply;
}

} // namespace seeother::server
