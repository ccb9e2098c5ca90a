// The domain value: one behaviour event as stored.
#pragma once

#include <cstdint>
#include <string>

#include "timestamp.hpp"

namespace eye {

struct Event {
    std::int64_t id = 0;  // assigned by the store, monotonic
    std::string session_id;
    std::string category;
    std::string name;
    std::string data = "{}";  // the payload as canonical JSON text (sorted keys, no spaces)
    Micros timestamp = 0;     // when it happened, as the sender says
    Micros received_at = 0;   // when the daemon accepted it
    std::string event_id;     // the sender's idempotency key; empty when none was given
    std::string app;          // the application that sent it
    std::string fingerprint;  // what makes two events the same (see fingerprint.hpp)
};

}  // namespace eye
