// Metrics: fixed arrays of atomics per route and status, so that counting a request is one
// relaxed increment and one histogram observation.
#include "metrics.hpp"

#include "prometheus_text.hpp"

namespace eye {
namespace {

// Seconds. From a cached GET (~0.1 ms) to a batch of 10,000 events or a slow client (seconds).
constexpr double request_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
// One commit: a single event under synchronous=FULL takes ~1 ms here, a 10,000-event group ~100 ms.
constexpr double commit_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
// Events per commit: group commit gathers the waiting requests; a batch holds up to 10,000.
constexpr double group_bounds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000};

constexpr std::string_view unmatched_label = "unmatched";

}  // namespace

Metrics::Metrics(std::vector<RouteLabel> routes)
    : routes_(std::move(routes)),
      requests_(new std::atomic<std::uint64_t>[(routes_.size() + 1) * statuses]),
      commit_seconds_(commit_bounds),
      commit_events_(group_bounds) {
    for (std::size_t i = 0; i < (routes_.size() + 1) * statuses; ++i) requests_[i].store(0, std::memory_order_relaxed);
    for (std::size_t i = 0; i <= routes_.size(); ++i) durations_.push_back(std::make_unique<Histogram>(request_bounds));
}

void Metrics::request_done(std::optional<std::size_t> row, int status, double seconds) {
    std::size_t slot = row && *row < routes_.size() ? *row : routes_.size();
    if (status < first_status || status >= first_status + statuses) status = 500;
    requests_[slot * statuses + static_cast<std::size_t>(status - first_status)].fetch_add(1,
                                                                                           std::memory_order_relaxed);
    durations_[slot]->observe(seconds);
}

void Metrics::received(std::size_t events, std::size_t bytes) {
    received_events_.fetch_add(events, std::memory_order_relaxed);
    received_bytes_.fetch_add(bytes, std::memory_order_relaxed);
}

void Metrics::committed(const CommitFigures& commit) {
    stored_.fetch_add(commit.stored, std::memory_order_relaxed);
    stored_rate_.add(commit.stored, steady_seconds());
    duplicates_.fetch_add(commit.duplicates, std::memory_order_relaxed);
    commit_seconds_.observe(commit.seconds);
    commit_events_.observe(static_cast<double>(commit.stored + commit.duplicates + commit.rejected_codes.size()));
    if (commit.rejected_codes.empty()) return;
    std::lock_guard lock(rejected_mutex_);
    for (std::string_view code : commit.rejected_codes) {
        auto at = rejected_.find(code);
        if (at == rejected_.end()) at = rejected_.emplace(std::string(code), 0).first;
        at->second += 1;
    }
}

void Metrics::write(std::ostream& out) const {
    PrometheusText text(out);
    auto label_of = [&](std::size_t slot) {
        return slot < routes_.size() ? routes_[slot] : RouteLabel{unmatched_label, unmatched_label};
    };
    text.family("eye_http_requests_total", "counter",
                "HTTP requests answered, by method and route pattern (unmatched: no route) and status code.");
    for (std::size_t slot = 0; slot <= routes_.size(); ++slot) {
        RouteLabel route = label_of(slot);
        for (int s = 0; s < statuses; ++s) {
            std::uint64_t n = requests_[slot * statuses + static_cast<std::size_t>(s)].load(std::memory_order_relaxed);
            if (n == 0) continue;
            std::string code = std::to_string(first_status + s);
            text.sample("eye_http_requests_total", {{"method", route.method}, {"route", route.pattern}, {"code", code}},
                        n);
        }
    }
    text.family("eye_http_request_duration_seconds", "histogram",
                "Time from a request's start to its reply sent, by method and route pattern (a stream: its life).");
    for (std::size_t slot = 0; slot <= routes_.size(); ++slot) {
        RouteLabel route = label_of(slot);
        text.histogram("eye_http_request_duration_seconds", {{"method", route.method}, {"route", route.pattern}},
                       durations_[slot]->snapshot());
    }
    text.family("eye_received_events_total", "counter", "Events received by POST /events/, good or refused.");
    text.sample("eye_received_events_total", {}, received_events_.load(std::memory_order_relaxed));
    text.family("eye_received_bytes_total", "counter", "Request body bytes received by POST /events/.");
    text.sample("eye_received_bytes_total", {}, received_bytes_.load(std::memory_order_relaxed));
    text.family("eye_stored_events_total", "counter", "New events committed to the store.");
    text.sample("eye_stored_events_total", {}, stored_.load(std::memory_order_relaxed));
    text.family("eye_duplicate_events_total", "counter",
                "Events received again (same fingerprint or event_id) and answered with the stored id.");
    text.sample("eye_duplicate_events_total", {}, duplicates_.load(std::memory_order_relaxed));
    text.family("eye_rejected_events_total", "counter", "Refused events recorded in the errors table, by error code.");
    {
        std::lock_guard lock(rejected_mutex_);
        for (const auto& [code, n] : rejected_) text.sample("eye_rejected_events_total", {{"code", code}}, n);
    }
    text.family("eye_commit_duration_seconds", "histogram", "Time the writer took for one commit.");
    text.histogram("eye_commit_duration_seconds", {}, commit_seconds_.snapshot());
    text.family("eye_commit_events", "histogram", "Events and refusal records per commit (group commit's size).");
    text.histogram("eye_commit_events", {}, commit_events_.snapshot());
}

}  // namespace eye
