// Splits a batch body (a JSON array or NDJSON) into events, each validated on its own, so one
// bad event never refuses the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "event_parser.hpp"

namespace eye {

enum class BatchFormat { json_array, ndjson };

struct BatchItem {
    ParsedEvent parsed;
    std::string raw;  // the event's text as sent; kept only for refused events
};

using ParsedBatch = std::variant<std::vector<BatchItem>, Error>;

struct BatchLimits {
    BatchLimits(std::size_t events, std::size_t event_bytes = SIZE_MAX) : events(events), event_bytes(event_bytes) {}
    std::size_t events;       // events in one batch
    std::size_t event_bytes;  // one event's text, as for a single event: a batch is no way around it
};

// Blank NDJSON lines are skipped and do not count as events. The whole batch is refused (an
// Error instead of items) only when it cannot be split: a JSON array that does not parse, a body
// that is not an array, or more events than the limit. An event over the size limit is refused
// alone (too_large).
ParsedBatch parse_batch(std::string_view body, BatchFormat format, Micros received_at, BatchLimits limits,
                        const ValidationRules& rules = {}, std::string_view app = {});

}  // namespace eye
