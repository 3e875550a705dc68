#include "server/http/metrics.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using seeother::server::Metrics;

TEST_CASE("metrics count requests by status and fill the latency histogram", "[metrics]") {
    Metrics metrics;
    metrics.record(200, 0.0002);
    metrics.record(200, 0.003);
    metrics.record(404, 2.0);
    const auto text = metrics.prometheus({});
    CHECK_THAT(text, Contains("seeother_requests_total{code=\"200\"} 2\n"));
    CHECK_THAT(text, Contains("seeother_requests_total{code=\"404\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_bucket{le=\"0.00025\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_bucket{le=\"0.005\"} 2\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
    CHECK_THAT(text, Contains("seeother_request_duration_seconds_count 3\n"));
    CHECK_THAT(text, Contains("# TYPE seeother_request_duration_seconds histogram\n"));
}

TEST_CASE("metrics show refusals and open, active and idle connections", "[metrics]") {
    Metrics metrics;
    metrics.record(400, 0);
    metrics.refused(400);
    metrics.refused(503);
    const auto text = metrics.prometheus({5, 2, 9});
    CHECK_THAT(text, Contains("seeother_requests_refused_total{code=\"400\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_requests_refused_total{code=\"503\"} 1\n"));
    CHECK_THAT(text, Contains("seeother_connections_open 5\n"));
    CHECK_THAT(text, Contains("seeother_connections_active 2\n"));
    CHECK_THAT(text, Contains("seeother_connections_idle 3\n"));
    CHECK_THAT(text, Contains("seeother_connections_accepted_total 9\n"));
}
