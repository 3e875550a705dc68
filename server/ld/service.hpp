// What the transport calls for every request: the current store (replaced whole on a
// reload, never changed in place), the reply cache in front of the handlers, the
// conditional-request step after it, and what every reply carries (CORS). It also answers
// the operator's /healthz and /metrics, and says what a request the transport refuses
// (framing, limits, overload) gets: every caller of respond() gets the same replies.
#pragma once

#include "server/http/reply.hpp"
#include "server/http/request.hpp"
#include "server/ld/render_flights.hpp"
#include "server/ld/reply_cache.hpp"
#include "server/ld/site.hpp"

#include "rdf/store.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

class Service {
  public:
    /// `cache_ttl`: how long a rendered reply may be served before the store is asked again
    /// (zero: until the store is replaced; a store that changes underneath, such as a
    /// SPARQL endpoint, needs one). Past it, a reply is still served, with its Age, when
    /// the store fails (stale if error). `now` is the cache's clock (tests pass their own).
    Service(std::shared_ptr<const rdf::Store> store, Site site, std::size_t cache_bytes,
            std::chrono::seconds cache_ttl = std::chrono::seconds::zero(),
            std::function<ReplyCache::Clock::time_point()> now = ReplyCache::Clock::now);

    /// The reply to a request; cached replies are shared, never copied here.
    std::shared_ptr<const Reply> respond(const Request& request);

    /// The reply to a request refused before it is answered: 400, 413, 414, 431, 501 or 505
    /// with `reason`, 503 (busy: Retry-After), or 500. Each closes the connection.
    std::shared_ptr<const Reply> refuse(int status, std::string_view reason) const;

    /// Who answers writes (PUT, POST, DELETE, imports: the write room) before the read
    /// side: a reply, or nullopt to let the read side answer. None: writes are 405.
    void set_writes(std::function<std::optional<Reply>(const Request&)> writes);

    /// What /metrics shows first: the transport's lines (requests, connections).
    void set_transport_metrics(std::function<std::string()> metrics);

    /// Serves `store` from now on. Requests in flight finish on the store they started
    /// with; cached replies of the old store are dropped. Concurrent calls each get a
    /// generation of their own.
    void replace_store(std::shared_ptr<const rdf::Store> store);

    /// Serves `store`, made by a write that touched the descriptions of `touched` (subject
    /// IRIs), from now on: the cached RDF documents of other IRIs stay (a description depends
    /// on nothing else; see Reply::about), every other cached reply is dropped.
    void write_store(std::shared_ptr<const rdf::Store> store,
                     const std::vector<std::string>& touched);

    std::shared_ptr<const rdf::Store> store() const;
    /// How many times the store has been replaced.
    std::uint64_t generation() const { return snapshot()->generation; }
    const Site& site() const { return site_; }
    CacheStats cache_stats() const { return cache_.stats(); }

  private:
    struct Snapshot {
        std::shared_ptr<const rdf::Store> store;
        std::uint64_t generation; ///< every store replaced (a reload or a write)
        std::uint64_t loads = 0;  ///< reloads only: what RDF documents are keyed by
        std::uint64_t writes = 0; ///< writes since the start
    };

    std::shared_ptr<const Snapshot> snapshot() const;
    std::shared_ptr<const Reply> operations(const Request& request) const;

    Site site_;
    std::shared_ptr<const Snapshot> current_; ///< read and written with std::atomic_*
    /// One replace_store or write_store at a time; taken also to keep a rendered reply,
    /// so that a reply of a store replaced meanwhile is never kept under the new one's key.
    std::mutex replacing_;
    ReplyCache cache_;
    RenderFlights flights_; ///< one render per key at a time
    std::function<std::string()> transport_metrics_;
    std::function<std::optional<Reply>(const Request&)> writes_;
    std::shared_ptr<const Reply> busy_; ///< the 503, the same every time
};

} // namespace seeother::server
