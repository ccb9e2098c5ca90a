// The rules an event is checked against beyond its envelope: payload schemas and time bounds.
#pragma once

#include <memory>

#include "event_schema.hpp"
#include "timestamp.hpp"

namespace eye {

struct ValidationRules {
    std::shared_ptr<const EventSchemas> schemas;     // null: payloads are not checked
    bool strict_types = false;                       // refuse types the schemas do not declare
    Micros future_tolerance = 5 * 60 * 1'000'000LL;  // clocks drift; further ahead is an error
    Micros timestamp_floor = 946'684'800'000'000LL;  // 2000-01-01T00:00:00Z
};

}  // namespace eye
