#include "server/http/metrics.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using seeother::server::Metrics;

TEST_CASE("metrics count requests by status and fill the latency histogram", "[metrics]") {
    Metrics metrics;
    metrics.record(200, 0.0002);
    metrics.record(200, 0.003);
    metrics.record(404, 2.0);
    seeother::server::CacheStats cache;
    cache.admissions = 7;
    cache.rejections = 5;
    cache.evictions = 4;
    const auto text = metrics.prometheus({10, 3}, cache, 2);
    CHECK_THAT(text, Contains("seeother_requests_total{code=\"200\"} 2\n"));
    CHECK_THAT(text, Contains("seeother_requests_total{code=\"404\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_bucket{le=\"0.00025\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_bucket{le=\"0.005\"} 2\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_count 3\n"));
    CHECK_THAT(text, Contains("seeother_store_triples 10\n"));
    CHECK_THAT(text, Contains("seeother_store_subjects 3\n"));
    CHECK_THAT(text, Contains("seeother_reloads_total 2\n"));
    CHECK_THAT(text, Contains("seeother_cache_admissions_total 7\n"));
    CHECK_THAT(text, Contains("seeother_cache_rejections_total 5\n"));
    CHECK_THAT(text, Contains("seeother_cache_evictions_total 4\n"));
    CHECK_THAT(text, Contains("# TYPE seeother_request_duration_seconds histogram\n"));
}
