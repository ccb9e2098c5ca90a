// A refused event, kept as data so the team can see what was sent and why it was refused.
#pragma once

#include <cstdint>
#include <string>

#include "error.hpp"
#include "timestamp.hpp"

namespace eye {

inline constexpr std::size_t max_raw_bytes = 16 * 1024;

struct RejectedEvent {
    std::int64_t id = 0;
    Micros received_at = 0;
    std::string session_id, category, name;  // as far as they could be read
    Error error;
    std::string raw;  // the event's text as sent, cut at max_raw_bytes
    std::string app;  // the application that sent it
};

// Builds the record from what was sent, reading session, category and name if the text is a
// JSON object that has them as strings.
RejectedEvent make_rejected(const Error& error, std::string_view raw, Micros received_at, std::string_view app);

}  // namespace eye
