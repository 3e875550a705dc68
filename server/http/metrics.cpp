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

} // namespace

void Metrics::record(int status, double seconds) {
    const auto code = static_cast<std::size_t>(status >= 100 && status < 600 ? status : 0);
    by_status_[code].fetch_add(1, std::memory_order_relaxed);
    std::size_t bucket = 0;
    while (bucket < bounds.size() && seconds > bounds[bucket])
        ++bucket;
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string Metrics::prometheus(const rdf::StoreStats& store, const CacheStats& cache,
                                std::uint64_t reloads) const {
    std::string out;
    help(out, "seeother_requests_total", "counter", "Requests answered, by status code.");
    for (std::size_t code = 0; code < by_status_.size(); ++code)
        if (const auto n = by_status_[code].load(std::memory_order_relaxed))
            line(out, "seeother_requests_total", "code=\"" + std::to_string(code) + "\"",
                 static_cast<double>(n));

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

    help(out, "seeother_store_triples", "gauge", "Triples in the loaded data.");
    line(out, "seeother_store_triples", "", static_cast<double>(store.triples));
    help(out, "seeother_store_subjects", "gauge", "Distinct subjects in the loaded data.");
    line(out, "seeother_store_subjects", "", static_cast<double>(store.subjects));
    help(out, "seeother_reloads_total", "counter", "Successful data reloads.");
    line(out, "seeother_reloads_total", "", static_cast<double>(reloads));
    help(out, "seeother_cache_entries", "gauge", "Rendered replies held in the cache.");
    line(out, "seeother_cache_entries", "", static_cast<double>(cache.entries));
    help(out, "seeother_cache_bytes", "gauge", "Bytes held by the reply cache.");
    line(out, "seeother_cache_bytes", "", static_cast<double>(cache.bytes));
    help(out, "seeother_cache_hits_total", "counter", "Requests answered from the cache.");
    line(out, "seeother_cache_hits_total", "", static_cast<double>(cache.hits));
    help(out, "seeother_cache_misses_total", "counter", "Cacheable requests rendered afresh.");
    line(out, "seeother_cache_misses_total", "", static_cast<double>(cache.misses));
    help(out, "seeother_cache_admissions_total", "counter",
         "Rendered replies taken into the cache.");
    line(out, "seeother_cache_admissions_total", "", static_cast<double>(cache.admissions));
    help(out, "seeother_cache_rejections_total", "counter",
         "Rendered replies refused: asked for less often than what they would push out.");
    line(out, "seeother_cache_rejections_total", "", static_cast<double>(cache.rejections));
    help(out, "seeother_cache_evictions_total", "counter", "Replies pushed out to make room.");
    line(out, "seeother_cache_evictions_total", "", static_cast<double>(cache.evictions));
    return out;
}

} // namespace seeother::server
