// A session as the analysts see it: a summary kept by the writer, and its events in order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "event.hpp"
#include "filter.hpp"

namespace eye {

// Sessions are listed by when they were last seen; app, category and name select sessions
// having at least one such event (one event matching all of those given).
inline constexpr std::array<FilterField, 5> session_filter_fields{{
    {"after", "after", "last_seen", FilterMatch::at_least, "only sessions last seen at or after this time"},
    {"before", "before", "last_seen", FilterMatch::at_most, "only sessions last seen at or before this time"},
    {"app", "app", "app", FilterMatch::equals, "only sessions with an event sent by this application"},
    {"category", "category", "category", FilterMatch::equals, "only sessions with an event of this category"},
    {"name", "name", "name", FilterMatch::equals, "only sessions with an event of this name"},
}};

inline Filter session_filter() {
    return Filter(session_filter_fields);
}

struct TypeCount {
    std::string category;
    std::string name;
    std::int64_t events = 0;
};

struct SessionSummary {
    std::string session_id;
    Micros first_seen = 0;  // the earliest event's timestamp
    Micros last_seen = 0;   // the latest event's timestamp
    std::int64_t events = 0;
    std::vector<std::string> apps;     // the applications that sent its events, by name
    std::vector<TypeCount> types;      // by category, then name
    std::optional<std::string> entry;  // data.path of the first event (timestamp, then id), when a string
    std::optional<std::string> exit;   // data.path of the last event, when a string
};

struct SessionPage {
    std::int64_t count = 0;
    std::vector<SessionSummary> sessions;  // last seen first
};

// Where a timeline page ends: the last event's timestamp and id. The next page holds the
// events after it in (timestamp, id) order.
struct TimelineCursor {
    Micros timestamp = 0;
    std::int64_t id = 0;
};

// "1609492527243860_42"; parse_cursor returns nullopt for anything that is not one.
std::string format_cursor(const TimelineCursor& cursor);
std::optional<TimelineCursor> parse_cursor(std::string_view text);

struct SessionTimeline {
    SessionSummary summary;
    std::vector<Event> events;  // timestamp ascending, id as tie-break
    bool more = false;          // events follow the last one given
};

}  // namespace eye
