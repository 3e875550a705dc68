#include "server/ld/reply_cache.hpp"

#include <functional>

namespace seeother::server {
namespace {

std::size_t size_of(const std::string& key, const Reply& reply) {
    std::size_t bytes = key.size() + reply.body.size() + sizeof(Reply) + 64;
    for (const auto& [name, value] : reply.headers)
        bytes += name.size() + value.size() + 64;
    return bytes;
}

} // namespace

ReplyCache::ReplyCache(std::size_t max_bytes) : shard_budget_(max_bytes / shard_count) {}

ReplyCache::Shard& ReplyCache::shard_for(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % shard_count];
}

std::shared_ptr<const Reply> ReplyCache::find(const std::string& key) {
    if (shard_budget_ == 0)
        return nullptr;
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    const auto it = shard.index.find(key);
    if (it == shard.index.end()) {
        misses_.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second->reply;
}

void ReplyCache::insert(const std::string& key, std::shared_ptr<const Reply> reply) {
    const std::size_t bytes = size_of(key, *reply);
    if (bytes > shard_budget_)
        return;
    Shard& shard = shard_for(key);
    std::lock_guard lock(shard.mutex);
    if (shard.index.count(key))
        return; // another thread rendered the same reply first
    shard.lru.push_front(Entry{key, std::move(reply), bytes});
    shard.index.emplace(shard.lru.front().key, shard.lru.begin());
    shard.bytes += bytes;
    while (shard.bytes > shard_budget_) {
        const Entry& oldest = shard.lru.back();
        shard.bytes -= oldest.bytes;
        shard.index.erase(oldest.key);
        shard.lru.pop_back();
    }
}

void ReplyCache::clear() {
    for (auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        shard.index.clear();
        shard.lru.clear();
        shard.bytes = 0;
    }
}

CacheStats ReplyCache::stats() const {
    CacheStats stats;
    for (auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        stats.entries += shard.lru.size();
        stats.bytes += shard.bytes;
    }
    stats.hits = hits_.load(std::memory_order_relaxed);
    stats.misses = misses_.load(std::memory_order_relaxed);
    return stats;
}

} // namespace seeother::server
