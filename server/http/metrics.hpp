// Request counters and a latency histogram, rendered in the Prometheus text format at
// /metrics. Lock-free: every request records with a few relaxed atomic increments.
#pragma once

#include "server/ld/reply_cache.hpp"

#include "rdf/store.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace seeother::server {

class Metrics {
  public:
    /// Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
    static constexpr std::array<double, 12> bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                   0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

    void record(int status, double seconds);

    /// The exposition: requests by status, latency histogram, store and cache sizes.
    std::string prometheus(const rdf::StoreStats& store, const CacheStats& cache,
                           std::uint64_t reloads) const;

  private:
    std::array<std::atomic<std::uint64_t>, 600> by_status_{};
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

} // namespace seeother::server
