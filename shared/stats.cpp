// Tabulating slot counts into buckets: slots are bucket-aligned (time_buckets.hpp), so each
// counts into exactly one bucket and the series' totals equal the counted events.
#include "stats.hpp"

#include <algorithm>
#include <map>

#include "error.hpp"

namespace eye {

std::optional<StatsKey> parse_stats_key(std::string_view text) {
    if (text == "category") return StatsKey::category;
    if (text == "name") return StatsKey::name;
    if (text == "type") return StatsKey::type;
    if (text == "app") return StatsKey::app;
    return std::nullopt;
}

std::string type_key(std::string_view category, std::string_view name) {
    return std::string(category) + "/" + std::string(name);
}

Stats tabulate(const std::vector<SlotCount>& counts, const TimeBuckets& buckets, std::optional<Micros> after,
               std::optional<Micros> before, bool one_series) {
    Stats stats;
    std::map<std::string, std::size_t> index;  // key -> series
    if (one_series) {
        stats.series.push_back({});
        index[""] = 0;
    }
    for (const SlotCount& c : counts)
        if (!index.contains(c.key)) {
            index[c.key] = stats.series.size();
            stats.series.push_back({c.key, 0, {}});
        }
    if (!counts.empty() || (after && before)) {
        Micros first = after.value_or(Micros{0}), last = before.value_or(Micros{0});
        if (!after || !before) {
            auto [lo, hi] = std::minmax_element(counts.begin(), counts.end(),
                                                [](const SlotCount& a, const SlotCount& b) { return a.slot < b.slot; });
            if (!after) first = lo->slot;
            if (!before) last = hi->slot + rollup_slot - 1;
        }
        std::size_t per_series = std::max<std::size_t>(stats.series.size(), 1);
        try {
            stats.buckets = buckets.starts(first, last, max_stats_points / per_series);
        } catch (const Refusal&) {
            throw Refusal(Error{code::invalid_query,
                                "a reply holds at most " + std::to_string(max_stats_points) +
                                    " points (buckets x series); narrow the range or use a larger bucket",
                                "bucket"});
        }
    }
    for (StatsSeries& s : stats.series) s.counts.assign(stats.buckets.size(), 0);
    for (const SlotCount& c : counts) {
        auto after_it = std::upper_bound(stats.buckets.begin(), stats.buckets.end(), c.slot);
        if (after_it == stats.buckets.begin()) continue;  // cannot happen for counts in range
        std::size_t b = static_cast<std::size_t>(after_it - stats.buckets.begin() - 1);
        StatsSeries& s = stats.series[index[c.key]];
        s.counts[b] += c.events;
        s.total += c.events;
        stats.total += c.events;
    }
    std::sort(stats.series.begin(), stats.series.end(), [](const StatsSeries& a, const StatsSeries& b) {
        return a.total != b.total ? a.total > b.total : a.key < b.key;
    });
    return stats;
}

}  // namespace eye
