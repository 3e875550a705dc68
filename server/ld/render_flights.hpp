// One render per cache key at a time. Requests that miss the reply cache for a key another
// request is rendering wait for that render rather than render again: a cold document asked
// for by many clients at once (a link shared, a herd after a write) costs one render and, on
// a SPARQL store, one set of queries, not one per client.
#pragma once

#include "server/http/reply.hpp"

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace seeother::server {

class RenderFlights {
  public:
    using Render = std::function<std::shared_ptr<const Reply>()>;

    /// The reply `render` makes for `key`: rendered here when no other thread is rendering
    /// `key` (`rendered` set to true), else the other thread's, once it has it (`rendered`
    /// false). A render that throws is rendered again by each waiter itself.
    std::shared_ptr<const Reply> share(const std::string& key, const Render& render,
                                       bool& rendered);

    /// Requests waiting for the render of `key` under way (none when there is none).
    std::size_t waiting(const std::string& key);

  private:
    struct Flight;
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, std::shared_ptr<Flight>> flying;
    };
    Shard& shard_of(const std::string& key);

    /// Keys spread over shards, so that renders of different keys rarely meet on a lock.
    std::array<Shard, 16> shards_;
};

} // namespace seeother::server
