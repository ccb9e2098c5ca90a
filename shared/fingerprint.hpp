// What makes two events the same event, so a retried or repeated post is stored once.
#pragma once

#include <string>

#include "event.hpp"

namespace eye {

// SHA-256 (32 raw bytes) of the sending app and the client's event_id when it sent one;
// otherwise of the app, session, category, name, timestamp and canonical payload (the original's
// unique-together, per application).
//
// An event with neither event_id nor its own timestamp has no identity to compare: its time
// is only when it arrived, so two such events in one batch would look alike although the
// client sent two. `has_own_timestamp` false gives it a random fingerprint, never a duplicate.
std::string fingerprint(const Event& e, bool has_own_timestamp = true);

}  // namespace eye
