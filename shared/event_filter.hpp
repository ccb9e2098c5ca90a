// Which events a query asks for, and one page of the answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "event.hpp"

namespace eye {

struct EventFilter {
    std::optional<std::string> session_id;
    std::optional<std::string> category;
    std::optional<std::string> name;
    std::optional<std::string> app;
    std::optional<Micros> after;   // inclusive
    std::optional<Micros> before;  // inclusive
};

struct EventPage {
    std::int64_t count = 0;     // all events matching the filter
    std::vector<Event> events;  // the requested slice, newest first
};

}  // namespace eye
