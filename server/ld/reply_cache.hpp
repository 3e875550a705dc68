// Rendered replies, kept so that a popular document is rendered once, not per request.
// Bounded by bytes and keyed by everything a reply can depend on (the caller's key: see
// variant_key in handlers.hpp), so public-URL rewriting, formats, codings and languages stay
// correct. Eviction is least recently used, behind a TinyLFU admission filter: a full cache
// takes a new reply only when its key has been asked for more often, lately, than the reply
// it would push out, so a flood of one-off requests cannot empty it of what is popular.
#pragma once

#include "server/http/reply.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace seeother::server {

struct CacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t hits = 0;
    std::size_t misses = 0;
    std::size_t admissions = 0; ///< replies taken in
    std::size_t rejections = 0; ///< replies refused: rarer than what they would push out
    std::size_t evictions = 0;  ///< replies pushed out to make room
    std::size_t stale = 0;      ///< replies served past their time to live (find_stale)
};

/// How often keys were asked for lately, approximately: a count-min sketch of small
/// counters (four rows, the minimum wins), all halved after every `period` increments so that
/// old popularity fades. Not thread-safe: each cache shard has its own, under its lock.
class FrequencySketch {
  public:
    explicit FrequencySketch(std::size_t counters_per_row = 4096);
    void increment(std::uint64_t hash);
    std::uint8_t estimate(std::uint64_t hash) const;

  private:
    std::size_t slot(std::uint64_t hash, std::size_t row) const;
    std::vector<std::uint8_t> counters_; ///< rows one after the other
    std::size_t mask_;
    std::size_t increments_ = 0;
    std::size_t period_;
};

class ReplyCache {
  public:
    using Clock = std::chrono::steady_clock;

    /// `max_bytes` 0 disables caching. The budget is split evenly between `shards`, each
    /// with its own lock, LRU list and frequency sketch. With a `ttl`, a reply older than it
    /// is not found again (a store that changes underneath, such as a SPARQL endpoint, is
    /// asked again) but is kept, for find_stale, until a new one replaces it or it is
    /// evicted; zero keeps replies until they are evicted or the cache is cleared. `now` is
    /// the clock (tests pass their own).
    explicit ReplyCache(std::size_t max_bytes, std::size_t shards = 16,
                        Clock::duration ttl = Clock::duration::zero(),
                        std::function<Clock::time_point()> now = Clock::now);

    /// The reply for `key` if it is younger than the time to live. `last_try` false: the
    /// caller looks under another key next, so a miss here is not counted as one.
    std::shared_ptr<const Reply> find(const std::string& key, bool last_try = true);

    struct Stale {
        std::shared_ptr<const Reply> reply;
        Clock::duration age; ///< since it was put in
    };
    /// The reply for `key` however old: what is served when the store cannot be asked.
    std::optional<Stale> find_stale(const std::string& key);

    /// Keeps `reply` unless one for `key` is kept already and still young.
    void insert(const std::string& key, std::shared_ptr<const Reply> reply);
    void clear();
    /// Drops every reply `keep` says no to (a write: what it may have changed).
    void keep_only(const std::function<bool(const Reply&)>& keep);
    CacheStats stats() const;

  private:
    struct Entry {
        std::string key;
        std::shared_ptr<const Reply> reply;
        std::size_t bytes;
        Clock::time_point made;
        Clock::time_point expires; ///< Clock::time_point::max() without a ttl
    };
    /// Independent LRU lists, so concurrent requests rarely contend for one lock.
    struct Shard {
        mutable std::mutex mutex;
        std::list<Entry> lru; ///< most recently used first
        std::unordered_map<std::string_view, std::list<Entry>::iterator> index;
        std::size_t bytes = 0;
        FrequencySketch frequencies;
        std::size_t admissions = 0;
        std::size_t rejections = 0;
        std::size_t evictions = 0;
    };
    Shard& shard_for(std::uint64_t hash);

    /// Takes an entry out of its shard (under the shard's lock).
    static void remove(Shard& shard, std::list<Entry>::iterator entry);

    std::size_t shard_budget_;
    Clock::duration ttl_;
    std::function<Clock::time_point()> now_;
    std::vector<Shard> shards_;
    std::atomic<std::size_t> hits_{0};
    std::atomic<std::size_t> misses_{0};
    std::atomic<std::size_t> stale_{0};
};

} // namespace seeother::server
