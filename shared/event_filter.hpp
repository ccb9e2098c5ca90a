// Which events a list asks for (its fields, declared once), and one page of the answer.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "event.hpp"
#include "filter.hpp"
#include "slice.hpp"

namespace eye {

// The original API's filters, plus name and app.
inline constexpr std::array<FilterField, 6> event_filter_fields{{
    {"session_id", "session", "session_id", FilterMatch::equals, "only this session's events"},
    {"category", "category", "category", FilterMatch::equals, "only this category"},
    {"name", "name", "name", FilterMatch::equals, "only events of this name"},
    {"app", "app", "app", FilterMatch::equals, "only events sent by this application"},
    {"timestamp_after", "after", "timestamp", FilterMatch::at_least, "only events at or after this time"},
    {"timestamp_before", "before", "timestamp", FilterMatch::at_most, "only events at or before this time"},
}};

inline Filter event_filter() {
    return Filter(event_filter_fields);
}

// Whether `e` is one the filter (an event_filter()) asks for; throws std::logic_error for a
// filter of another table.
bool event_matches(const Filter& filter, const Event& e);

struct EventPage {
    std::int64_t count = 0;     // the events matching the filter; with count_exact false, at least this many
    bool count_exact = true;    // false: the count stopped at Slice::max_count
    std::vector<Event> events;  // the requested slice, newest first
    PageEdges edges;            // what lies beyond it, for keyset links
};

}  // namespace eye
