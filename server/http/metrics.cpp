#include "server/http/metrics.hpp"

#include <cstdio>

namespace seeother::server {
namespace {

void line(std::string& out, const char* name, const std::string& labels, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    out += name;
    if (!labels.empty())
        out += "{" + labels + "}";
    out += ' ';
    out += buf;
    out += '\n';
}

void help(std::string& out, const char* name, const char* type, const char* text) {
    out += std::string("# HELP ") + name + " " + text + "\n# TYPE " + name + " " + type + "\n";
}

std::size_t code_index(int status) {
    return static_cast<std::size_t>(status >= 100 && status < 600 ? status : 0);
}

void by_code(std::string& out, const char* name,
             const std::array<std::atomic<std::uint64_t>, 600>& counts) {
    for (std::size_t code = 0; code < counts.size(); ++code)
        if (const auto n = counts[code].load(std::memory_order_relaxed))
            line(out, name, "code=\"" + std::to_string(code) + "\"", static_cast<double>(n));
}

} // namespace

void Metrics::record(int status, double seconds) {
    by_status_[code_index(status)].fetch_add(1, std::memory_order_relaxed);
    std::size_t bucket = 0;
    while (bucket < bounds.size() && seconds > bounds[bucket])
        ++bucket;
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void Metrics::refused(int status) {
    refused_[code_index(status)].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::prometheus(const Connections& connections) const {
    std::string out;
    help(out, "seeother_requests_total", "counter", "Requests answered, by status code.");
    by_code(out, "seeother_requests_total", by_status_);
    help(out, "seeother_requests_refused_total", "counter",
         "Requests the transport refused itself (framing, limits, overload), by status code.");
    by_code(out, "seeother_requests_refused_total", refused_);

    help(out, "seeother_request_duration_seconds", "histogram",
         "Time from a parsed request to its reply, before writing it.");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        char le[32];
        if (i < bounds.size())
            std::snprintf(le, sizeof le, "%g", bounds[i]);
        else
            std::snprintf(le, sizeof le, "+Inf");
        line(out, "seeother_request_duration_seconds_bucket", std::string("le=\"") + le + "\"",
             static_cast<double>(cumulative));
    }
    line(out, "seeother_request_duration_seconds_sum", "",
         static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
    line(out, "seeother_request_duration_seconds_count", "",
         static_cast<double>(count_.load(std::memory_order_relaxed)));

    help(out, "seeother_connections_open", "gauge", "Client connections open.");
    line(out, "seeother_connections_open", "", static_cast<double>(connections.open));
    help(out, "seeother_connections_active", "gauge",
         "Open connections with a request being read, answered or written.");
    line(out, "seeother_connections_active", "", static_cast<double>(connections.active));
    help(out, "seeother_connections_idle", "gauge",
         "Open connections waiting for their next request.");
    const auto idle =
        connections.open > connections.active ? connections.open - connections.active : 0;
    line(out, "seeother_connections_idle", "", static_cast<double>(idle));
    help(out, "seeother_connections_accepted_total", "counter", "Connections accepted.");
    line(out, "seeother_connections_accepted_total", "", static_cast<double>(connections.accepted));
    return out;
}

} // namespace seeother::server
