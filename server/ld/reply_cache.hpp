// Rendered replies, kept so that a popular document is rendered once, not per request.
// Bounded by bytes (least recently used entries go first) and keyed by everything a reply
// can depend on (the caller's key: see variant_key in handlers.hpp), so public-URL
// rewriting, formats, codings and languages stay correct.
#pragma once

#include "server/http/reply.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace seeother::server {

struct CacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t hits = 0;
    std::size_t misses = 0;
};

class ReplyCache {
  public:
    /// `max_bytes` 0 disables caching.
    explicit ReplyCache(std::size_t max_bytes);

    std::shared_ptr<const Reply> find(const std::string& key);
    void insert(const std::string& key, std::shared_ptr<const Reply> reply);
    void clear();
    CacheStats stats() const;

  private:
    struct Entry {
        std::string key;
        std::shared_ptr<const Reply> reply;
        std::size_t bytes;
    };
    /// Independent LRU lists, so concurrent requests rarely contend for one lock.
    struct Shard {
        mutable std::mutex mutex;
        std::list<Entry> lru; ///< most recently used first
        std::unordered_map<std::string_view, std::list<Entry>::iterator> index;
        std::size_t bytes = 0;
    };
    static constexpr std::size_t shard_count = 16;

    Shard& shard_for(const std::string& key);

    std::size_t shard_budget_;
    std::array<Shard, shard_count> shards_;
    std::atomic<std::size_t> hits_{0};
    std::atomic<std::size_t> misses_{0};
};

} // namespace seeother::server
