// Which events a statistics request counts (its fields, declared once), how it groups them,
// and the counts the store answers with.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "filter.hpp"
#include "timestamp.hpp"

namespace eye {

// The list filters without session_id (a session's counts are its summary's business).
// Both bounds are inclusive, as timestamp_after/timestamp_before are for /events/, so that a
// range's total equals the count of the same range listed.
inline constexpr std::array<FilterField, 5> stats_filter_fields{{
    {"category", "category", "category", FilterMatch::equals, "count only this category"},
    {"name", "name", "name", FilterMatch::equals, "count only events of this name"},
    {"app", "app", "app", FilterMatch::equals, "count only events sent by this application"},
    {"after", "after", "timestamp", FilterMatch::at_least,
     "count events at or after this time (a date means its midnight UTC)"},
    {"before", "before", "timestamp", FilterMatch::at_most,
     "count events at or before this time (a date means its midnight UTC)"},
}};

inline Filter stats_filter() {
    return Filter(stats_filter_fields);
}

// What a series is: everything (one series), or one per category, name, type or app.
enum class StatsKey { all, category, name, type, app };

// "category", "name", "type", "app"; nullopt for anything else (an absent `by` is StatsKey::all).
std::optional<StatsKey> parse_stats_key(std::string_view text);

// A type's key: "page interaction/cta click".
std::string type_key(std::string_view category, std::string_view name);

// How many matching events one rollup slot (rollup_slot long) holds for one key.
struct SlotCount {
    Micros slot = 0;
    std::string key;  // empty for StatsKey::all
    std::int64_t events = 0;
};

}  // namespace eye
