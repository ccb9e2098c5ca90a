// The daemon's counters for GET /metrics: requests by route and status, what ingest received,
// stored and refused, and how long commits take. Request threads and the writer count into it
// without taking a lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "histogram.hpp"
#include "rate_window.hpp"

namespace eye {

// What a route is called in the metrics' labels: its method and pattern, never a raw path.
struct RouteLabel {
    std::string_view method;
    std::string_view pattern;
};

// One commit of the ingest pipeline, as the writer saw it.
struct CommitFigures {
    double seconds = 0;
    std::size_t stored = 0;                        // new events
    std::size_t duplicates = 0;                    // events already stored, answered with their first id
    std::vector<std::string_view> rejected_codes;  // one per refused event recorded
};

class Metrics {
public:
    // `routes`: the route table's rows, in order; request_done() is told a row's index.
    explicit Metrics(std::vector<RouteLabel> routes);
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // A request answered by route row `row` (none: no row fitted, a 404 or 405) with `status`,
    // `seconds` after it began. Never throws.
    void request_done(std::optional<std::size_t> row, int status, double seconds);
    // A POST /events/ body of `bytes` holding `events` events (good or refused).
    void received(std::size_t events, std::size_t bytes);
    // Called by the writer after each commit that succeeded.
    void committed(const CommitFigures& commit);

    // Events stored since start.
    std::uint64_t stored_events() const { return stored_.load(std::memory_order_relaxed); }
    // New events stored per second, on average over the last minute.
    double stored_per_second() const { return stored_rate_.per_second(steady_seconds()); }

    // Writes every family this holds in the Prometheus text format.
    void write(std::ostream& out) const;

private:
    static constexpr int first_status = 100, statuses = 500;  // 100..599

    std::vector<RouteLabel> routes_;                          // and one more slot for requests no row answered
    std::unique_ptr<std::atomic<std::uint64_t>[]> requests_;  // [(row) * statuses + status - 100]
    std::vector<std::unique_ptr<Histogram>> durations_;       // per row, and the unmatched slot
    std::atomic<std::uint64_t> received_events_{0}, received_bytes_{0}, stored_{0}, duplicates_{0};
    RateWindow stored_rate_;
    Histogram commit_seconds_;
    Histogram commit_events_;
    // Refusal codes are open-ended strings: a map, locked once per commit by the writer alone
    // (and by a scrape), never by a request thread.
    mutable std::mutex rejected_mutex_;
    std::map<std::string, std::uint64_t, std::less<>> rejected_;
};

}  // namespace eye
