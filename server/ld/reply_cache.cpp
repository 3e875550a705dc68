#include "server/ld/reply_cache.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

namespace seeother::server {
namespace {

std::size_t size_of(const std::string& key, const Reply& reply) {
    std::size_t bytes = key.size() + reply.body.size() + sizeof(Reply) + 64;
    for (const auto& [name, value] : reply.headers)
        bytes += name.size() + value.size() + 64;
    return bytes;
}

std::uint64_t hash_of(const std::string& key) {
    // std::hash of a string is good but not guaranteed to mix its high bits; the shard and
    // the sketch rows take different bits, so mix them all.
    std::uint64_t x = std::hash<std::string>{}(key);
    x ^= x >> 33U;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33U;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33U;
    return x;
}

constexpr std::size_t sketch_rows = 4;

} // namespace

FrequencySketch::FrequencySketch(std::size_t counters_per_row)
    : counters_(sketch_rows * counters_per_row, 0), mask_(counters_per_row - 1),
      period_(counters_per_row * 8) {}

std::size_t FrequencySketch::slot(std::uint64_t hash, std::size_t row) const {
    // Four independent-enough indexes from one 64-bit hash: rotate by a row's share (the
    // mask keeps row 0's left shift at 0, not 64, which would be undefined).
    const auto shift = row * 16U;
    const auto rotated = (hash >> shift) | (hash << ((64U - shift) & 63U));
    return row * (mask_ + 1) +
           (static_cast<std::size_t>(rotated * 0x9E3779B97F4A7C15ULL >> 32U) & mask_);
}

void FrequencySketch::increment(std::uint64_t hash) {
    // Conservative update: only the counters at the minimum grow, which keeps estimates of
    // rare keys from being inflated by the popular ones they collide with.
    const std::uint8_t least = estimate(hash);
    if (least < 255)
        for (std::size_t row = 0; row < sketch_rows; ++row) {
            auto& counter = counters_[slot(hash, row)];
            if (counter == least)
                ++counter;
        }
    if (++increments_ >= period_) {
        for (auto& counter : counters_)
            counter = static_cast<std::uint8_t>(counter / 2);
        increments_ = 0;
    }
}

std::uint8_t FrequencySketch::estimate(std::uint64_t hash) const {
    std::uint8_t least = 255;
    for (std::size_t row = 0; row < sketch_rows; ++row)
        least = std::min(least, counters_[slot(hash, row)]);
    return least;
}

ReplyCache::ReplyCache(std::size_t max_bytes, std::size_t shards, Clock::duration ttl,
                       std::function<Clock::time_point()> now)
    : shard_budget_(max_bytes / shards), ttl_(ttl), now_(std::move(now)), shards_(shards) {}

void ReplyCache::remove(Shard& shard, std::list<Entry>::iterator entry) {
    shard.bytes -= entry->bytes;
    shard.index.erase(entry->key);
    shard.lru.erase(entry);
}

ReplyCache::Shard& ReplyCache::shard_for(std::uint64_t hash) {
    return shards_[hash % shards_.size()];
}

std::shared_ptr<const Reply> ReplyCache::find(const std::string& key, bool last_try) {
    if (shard_budget_ == 0)
        return nullptr;
    const auto hash = hash_of(key);
    Shard& shard = shard_for(hash);
    std::lock_guard lock(shard.mutex);
    shard.frequencies.increment(hash);
    const auto it = shard.index.find(key);
    if (it == shard.index.end() || it->second->expires <= now_()) {
        if (last_try)
            misses_.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second->reply;
}

std::optional<ReplyCache::Stale> ReplyCache::find_stale(const std::string& key) {
    if (shard_budget_ == 0)
        return std::nullopt;
    Shard& shard = shard_for(hash_of(key));
    std::lock_guard lock(shard.mutex);
    const auto it = shard.index.find(key);
    if (it == shard.index.end())
        return std::nullopt;
    stale_.fetch_add(1, std::memory_order_relaxed);
    return Stale{it->second->reply, now_() - it->second->made};
}

void ReplyCache::insert(const std::string& key, std::shared_ptr<const Reply> reply) {
    const std::size_t bytes = size_of(key, *reply);
    if (bytes > shard_budget_)
        return;
    const auto hash = hash_of(key);
    Shard& shard = shard_for(hash);
    std::lock_guard lock(shard.mutex);
    const auto now = now_();
    if (const auto kept = shard.index.find(key); kept != shard.index.end()) {
        if (kept->second->expires > now)
            return;                  // another thread rendered the same reply first
        remove(shard, kept->second); // the new one replaces the expired one
    }
    // Full: the newcomer must have been asked for more often than the reply it would push
    // out first (ties keep the incumbent: a one-off never displaces a one-off that stays).
    if (shard.bytes + bytes > shard_budget_ && !shard.lru.empty() &&
        shard.frequencies.estimate(hash) <=
            shard.frequencies.estimate(hash_of(shard.lru.back().key))) {
        ++shard.rejections;
        return;
    }
    ++shard.admissions;
    const auto expires = ttl_ == Clock::duration::zero() ? Clock::time_point::max() : now + ttl_;
    shard.lru.push_front(Entry{key, std::move(reply), bytes, now, expires});
    shard.index.emplace(shard.lru.front().key, shard.lru.begin());
    shard.bytes += bytes;
    while (shard.bytes > shard_budget_) {
        remove(shard, std::prev(shard.lru.end()));
        ++shard.evictions;
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

void ReplyCache::keep_only(const std::function<bool(const Reply&)>& keep) {
    for (auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        for (auto entry = shard.lru.begin(); entry != shard.lru.end();) {
            const auto next = std::next(entry);
            if (!keep(*entry->reply))
                remove(shard, entry);
            entry = next;
        }
    }
}

CacheStats ReplyCache::stats() const {
    CacheStats stats;
    for (auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        stats.entries += shard.lru.size();
        stats.bytes += shard.bytes;
        stats.admissions += shard.admissions;
        stats.rejections += shard.rejections;
        stats.evictions += shard.evictions;
    }
    stats.hits = hits_.load(std::memory_order_relaxed);
    stats.misses = misses_.load(std::memory_order_relaxed);
    stats.stale = stale_.load(std::memory_order_relaxed);
    return stats;
}

} // namespace seeother::server
