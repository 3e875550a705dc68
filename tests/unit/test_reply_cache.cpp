#include "server/ld/reply_cache.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using seeother::server::Reply;
using seeother::server::ReplyCache;

namespace {

std::shared_ptr<const Reply> reply_of(std::size_t bytes) {
    auto reply = std::make_shared<Reply>();
    reply->body.assign(bytes, 'x');
    return reply;
}

} // namespace

TEST_CASE("a cached reply is found again by its key", "[reply_cache]") {
    ReplyCache cache(1 << 20);
    cache.insert("k", reply_of(10));
    REQUIRE(cache.find("k"));
    CHECK(cache.find("k")->body.size() == 10);
    CHECK_FALSE(cache.find("other"));
    CHECK(cache.stats().hits == 2);
    CHECK(cache.stats().misses == 1);
}

TEST_CASE("the cache never holds more bytes than its budget", "[reply_cache]") {
    ReplyCache cache(16 * 4096);
    for (int i = 0; i < 1000; ++i)
        cache.insert("key" + std::to_string(i), reply_of(1000));
    const auto stats = cache.stats();
    CHECK(stats.bytes <= 16u * 4096u);
    CHECK(stats.entries > 0);
    CHECK(stats.entries < 1000);
}

/// As the service uses the cache: look the key up, and on a miss render and insert.
bool ask(ReplyCache& cache, const std::string& key, std::size_t bytes = 1000) {
    if (cache.find(key))
        return true;
    cache.insert(key, reply_of(bytes));
    return false;
}

TEST_CASE("the least recently used of equally popular replies goes first", "[reply_cache]") {
    ReplyCache cache(3 * 1200, 1); // one shard, room for three 1000-byte replies
    for (const char* key : {"a", "b", "c"})
        ask(cache, key);
    ask(cache, "a"); // now the least recently used is b
    // d, asked for twice, is more popular than b: it takes b's place.
    ask(cache, "d");
    ask(cache, "d");
    CHECK(cache.find("d"));
    CHECK_FALSE(cache.find("b"));
    CHECK(cache.find("a"));
    CHECK(cache.find("c"));
    CHECK(cache.stats().evictions == 1);
}

TEST_CASE("a full cache refuses a reply rarer than the one it would push out", "[reply_cache]") {
    ReplyCache cache(2 * 1200, 1);
    ask(cache, "a");
    ask(cache, "a");
    ask(cache, "b");
    ask(cache, "b");
    ask(cache, "once");
    CHECK_FALSE(cache.find("once"));
    CHECK(cache.find("a"));
    CHECK(cache.find("b"));
    CHECK(cache.stats().rejections == 1);
    CHECK(cache.stats().admissions == 2);
}

TEST_CASE("a flood of one-off requests leaves the popular replies cached", "[reply_cache]") {
    ReplyCache cache(16 * 8 * 1200); // about 8 replies a shard
    std::vector<std::string> popular;
    for (int i = 0; i < 32; ++i)
        popular.push_back("/doc/popular" + std::to_string(i));
    for (int round = 0; round < 5; ++round)
        for (const auto& key : popular)
            ask(cache, key);
    // Junk query strings, each asked for once, ten times the cache's room, with the popular
    // documents still asked for now and then.
    for (int i = 0; i < 100000; ++i) {
        ask(cache, "/doc/alice?junk=" + std::to_string(i));
        if (i % 1000 == 0)
            for (const auto& key : popular)
                ask(cache, key);
    }
    std::size_t kept = 0;
    for (const auto& key : popular)
        kept += cache.find(key) ? 1u : 0u;
    CHECK(kept == popular.size());
    CHECK(cache.stats().rejections > 90000);
}

TEST_CASE("a zero budget caches nothing", "[reply_cache]") {
    ReplyCache cache(0);
    cache.insert("k", reply_of(1));
    CHECK_FALSE(cache.find("k"));
}

TEST_CASE("clear empties the cache", "[reply_cache]") {
    ReplyCache cache(1 << 20);
    cache.insert("k", reply_of(1));
    cache.clear();
    CHECK_FALSE(cache.find("k"));
    CHECK(cache.stats().bytes == 0);
}

TEST_CASE("with a time to live, a reply is served until it is that old, then asked again",
          "[reply_cache]") {
    auto now = ReplyCache::Clock::time_point();
    ReplyCache cache(1 << 20, 16, std::chrono::seconds(60), [&now] { return now; });
    ask(cache, "k");
    now += std::chrono::seconds(59);
    CHECK(cache.find("k"));
    now += std::chrono::seconds(1);
    CHECK_FALSE(cache.find("k"));
}

TEST_CASE("an expired reply is kept for when the store fails, until a new one replaces it",
          "[reply_cache]") {
    auto now = ReplyCache::Clock::time_point();
    ReplyCache cache(1 << 20, 16, std::chrono::seconds(60), [&now] { return now; });
    CHECK_FALSE(cache.find_stale("k"));
    const auto first = reply_of(1);
    cache.insert("k", first);
    now += std::chrono::seconds(75);
    CHECK_FALSE(cache.find("k"));
    const auto stale = cache.find_stale("k");
    REQUIRE(stale);
    CHECK(stale->reply == first);
    CHECK(stale->age == std::chrono::seconds(75));
    CHECK(cache.stats().stale == 1);
    CHECK(cache.stats().entries == 1);

    // A newly rendered reply replaces it and is young again.
    const auto second = reply_of(2);
    cache.insert("k", second);
    CHECK(cache.find("k") == second);
    CHECK(cache.find_stale("k")->age == std::chrono::seconds(0));
    CHECK(cache.stats().entries == 1);
    // A young reply is not replaced (another thread rendered it first).
    cache.insert("k", reply_of(3));
    CHECK(cache.find("k") == second);
}

TEST_CASE("without a time to live, replies do not expire", "[reply_cache]") {
    auto now = ReplyCache::Clock::time_point();
    ReplyCache cache(1 << 20, 16, ReplyCache::Clock::duration::zero(), [&now] { return now; });
    ask(cache, "k");
    now += std::chrono::hours(24 * 365);
    CHECK(cache.find("k"));
}
