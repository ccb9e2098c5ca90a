// A Prometheus-style histogram that request threads can observe into without a lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace eye {

class Histogram {
public:
    // `bounds`: the buckets' upper bounds, ascending; a bucket for +Inf follows them.
    explicit Histogram(std::span<const double> bounds);

    // Counts `value` in the first bucket whose bound is >= it. Wait-free; never throws.
    void observe(double value);

    struct Snapshot {
        std::vector<double> bounds;
        std::vector<std::uint64_t> cumulative;  // per bound, then +Inf: observations <= it
        double sum = 0;
        std::uint64_t count = 0;  // equals cumulative.back()
    };
    // The counts as read now. Observations racing with it may be in the buckets and not yet in
    // `sum` (or the reverse); the buckets and `count` always agree with each other.
    Snapshot snapshot() const;

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // not cumulative; the last one is +Inf
    std::atomic<double> sum_{0};
};

}  // namespace eye
