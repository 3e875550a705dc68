// The transport's counters in the Prometheus text format: replies by status (the
// transport's own refusals included), a latency histogram, and open, idle and active
// connections. Lock-free: each reply records a few relaxed atomic increments. The
// application adds its own lines (store, cache) to /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace seeother::server {

class Metrics {
  public:
    /// Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
    static constexpr std::array<double, 12> bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                   0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

    /// A reply with this status, `seconds` after its request was read.
    void record(int status, double seconds);
    /// A request the transport refused itself (framing, limits, overload), also recorded.
    void refused(int status);

    struct Connections {
        std::size_t open = 0;   ///< accepted and not yet closing
        std::size_t active = 0; ///< being read, answered or written to
        std::uint64_t accepted = 0;
    };
    std::string prometheus(const Connections& connections) const;

  private:
    std::array<std::atomic<std::uint64_t>, 600> by_status_{};
    std::array<std::atomic<std::uint64_t>, 600> refused_{};
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

} // namespace seeother::server
