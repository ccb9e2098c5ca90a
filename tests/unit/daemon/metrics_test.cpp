// Metrics and their exposition: requests labelled by route pattern (never by path), ingest
// counters, and the Prometheus text format's escaping.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "metrics.hpp"
#include "prometheus_text.hpp"

using namespace eye;

namespace {

std::string exposition(const Metrics& m) {
    std::ostringstream out;
    m.write(out);
    return out.str();
}

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("requests are counted by the route row's method and pattern and by status; no row is 'unmatched'",
          "[metrics]") {
    Metrics m({{"GET", "/events/"}, {"GET", "/events/{id}/"}});
    m.request_done(1, 200, 0.002);
    m.request_done(1, 200, 0.003);
    m.request_done(1, 404, 0.001);
    m.request_done(std::nullopt, 404, 0.001);
    std::string text = exposition(m);
    INFO(text);
    CHECK(has_line(text, R"(eye_http_requests_total{method="GET",route="/events/{id}/",code="200"} 2)"));
    CHECK(has_line(text, R"(eye_http_requests_total{method="GET",route="/events/{id}/",code="404"} 1)"));
    CHECK(has_line(text, R"(eye_http_requests_total{method="unmatched",route="unmatched",code="404"} 1)"));
    CHECK(text.find(R"(route="/events/",code=)") == std::string::npos);  // nothing counted: no series
    CHECK(has_line(text,
                   R"(eye_http_request_duration_seconds_bucket{method="GET",route="/events/{id}/",le="0.0025"} 2)"));
    CHECK(
        has_line(text, R"(eye_http_request_duration_seconds_bucket{method="GET",route="/events/{id}/",le="+Inf"} 3)"));
    CHECK(has_line(text, R"(eye_http_request_duration_seconds_count{method="GET",route="/events/{id}/"} 3)"));
}

TEST_CASE("commits count stored, duplicate and refused events by code, and their size and time", "[metrics]") {
    Metrics m({});
    m.received(5, 1200);
    m.committed({0.004, 2, 1, {"future_timestamp", "missing_field"}});
    m.committed({0.001, 1, 0, {"future_timestamp"}});
    CHECK(m.stored_events() == 3);
    std::string text = exposition(m);
    INFO(text);
    CHECK(has_line(text, "eye_received_events_total 5"));
    CHECK(has_line(text, "eye_received_bytes_total 1200"));
    CHECK(has_line(text, "eye_stored_events_total 3"));
    CHECK(has_line(text, "eye_duplicate_events_total 1"));
    CHECK(has_line(text, R"(eye_rejected_events_total{code="future_timestamp"} 2)"));
    CHECK(has_line(text, R"(eye_rejected_events_total{code="missing_field"} 1)"));
    // Commit sizes 5 (2 stored, 1 duplicate, 2 refused) and 2 (1 stored, 1 refused).
    CHECK(has_line(text, R"(eye_commit_events_bucket{le="1"} 0)"));
    CHECK(has_line(text, R"(eye_commit_events_bucket{le="2"} 1)"));
    CHECK(has_line(text, R"(eye_commit_events_bucket{le="5"} 2)"));
    CHECK(has_line(text, "eye_commit_events_sum 7"));
    CHECK(has_line(text, "eye_commit_events_count 2"));
    CHECK(has_line(text, "eye_commit_duration_seconds_count 2"));
    CHECK(has_line(text, "# TYPE eye_commit_duration_seconds histogram"));
}

TEST_CASE("label values and help text are escaped as the exposition format says", "[metrics]") {
    std::ostringstream out;
    PrometheusText text(out);
    text.family("x_total", "counter", "a \\ back\nslash");
    text.sample("x_total", {{"v", "a\"b\\c\nd"}}, std::uint64_t{3});
    text.sample("y", {}, 0.1);
    CHECK(out.str() ==
          "# HELP x_total a \\\\ back\\nslash\n# TYPE x_total counter\n"
          "x_total{v=\"a\\\"b\\\\c\\nd\"} 3\ny 0.1\n");
}
