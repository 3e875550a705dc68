// What the HTTP layer calls for every request: the current store (replaced whole on a
// reload, never changed in place), the reply cache in front of the handlers, and the
// conditional-request step after it.
#pragma once

#include "server/http/reply.hpp"
#include "server/http/request.hpp"
#include "server/ld/reply_cache.hpp"
#include "server/ld/site.hpp"

#include "rdf/store.hpp"

#include <cstdint>
#include <memory>

namespace seeother::server {

class Service {
  public:
    Service(std::shared_ptr<const rdf::Store> store, Site site, std::size_t cache_bytes);

    /// The reply to a request; cached replies are shared, never copied here.
    std::shared_ptr<const Reply> respond(const Request& request);

    /// Serves `store` from now on. Requests in flight finish on the store they started
    /// with; cached replies of the old store are dropped.
    void replace_store(std::shared_ptr<const rdf::Store> store);

    std::shared_ptr<const rdf::Store> store() const;
    /// How many times the store has been replaced.
    std::uint64_t generation() const { return snapshot()->generation; }
    const Site& site() const { return site_; }
    CacheStats cache_stats() const { return cache_.stats(); }

  private:
    struct Snapshot {
        std::shared_ptr<const rdf::Store> store;
        std::uint64_t generation;
    };

    std::shared_ptr<const Snapshot> snapshot() const;

    Site site_;
    std::shared_ptr<const Snapshot> current_; ///< read and written with std::atomic_*
    ReplyCache cache_;
};

} // namespace seeother::server
