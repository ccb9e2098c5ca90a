// Which refused events a list asks for (its fields, declared once), a page of them, and counts.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "filter.hpp"
#include "rejected_event.hpp"
#include "slice.hpp"

namespace eye {

// Times are when the event was received: a refused event may have no timestamp of its own.
inline constexpr std::array<FilterField, 7> error_filter_fields{{
    {"code", "code", "code", FilterMatch::equals, "only this error code, e.g. future_timestamp"},
    {"session_id", "session", "session_id", FilterMatch::equals, "only this session's"},
    {"category", "category", "category", FilterMatch::equals, "only this category"},
    {"name", "name", "name", FilterMatch::equals, "only this event name"},
    {"app", "app", "app", FilterMatch::equals, "only those sent by this application"},
    {"after", "after", "received_at", FilterMatch::at_least, "only those received at or after this time"},
    {"before", "before", "received_at", FilterMatch::at_most, "only those received at or before this time"},
}};

inline Filter error_filter() {
    return Filter(error_filter_fields);
}

struct ErrorPage {
    std::int64_t count = 0;   // as EventPage's
    bool count_exact = true;
    std::vector<RejectedEvent> errors;  // newest first
    PageEdges edges;                    // what lies beyond it, for keyset links
};

struct ErrorCount {
    std::string code;
    std::int64_t count = 0;
};

}  // namespace eye
