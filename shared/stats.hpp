// Statistics as a chart needs them: every bucket of the range, zero-filled, per series.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats_filter.hpp"
#include "time_buckets.hpp"

namespace eye {

// At most this many points (buckets x series) in one reply.
inline constexpr std::size_t max_stats_points = 10000;

struct StatsSeries {
    std::string key;
    std::int64_t total = 0;
    std::vector<std::int64_t> counts;  // one per bucket
};

struct Stats {
    std::vector<Micros> buckets;      // their starts
    std::vector<StatsSeries> series;  // largest total first, then by key
    std::int64_t total = 0;
};

// Lays the slot counts out in the buckets from the one holding `after` to the one holding
// `before`; an absent bound is taken from the earliest (latest) slot counted. With `one_series`
// there is one series (key empty) even when nothing was counted. Throws Refusal invalid_query
// naming max_stats_points when the reply would hold more points.
Stats tabulate(const std::vector<SlotCount>& counts, const TimeBuckets& buckets, std::optional<Micros> after,
               std::optional<Micros> before, bool one_series);

}  // namespace eye
