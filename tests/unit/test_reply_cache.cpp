#include "server/ld/reply_cache.hpp"

#include <catch2/catch.hpp>

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

TEST_CASE("the least recently used reply goes first", "[reply_cache]") {
    ReplyCache cache(16 * 3000); // each shard holds about two 1000-byte replies
    // Keys of one shard are not predictable, so fill generously and check the recent one.
    for (int i = 0; i < 200; ++i) {
        cache.insert("key" + std::to_string(i), reply_of(1000));
        REQUIRE(cache.find("key" + std::to_string(i)));
    }
    CHECK_FALSE(cache.find("key0"));
    CHECK(cache.find("key199"));
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
