// What makes two events the same event, so a retried or repeated post is stored once.
#pragma once

#include <string>

#include "event.hpp"

namespace eye {

// SHA-256 (32 raw bytes) of the sending app and the client's event_id when it sent one;
// otherwise of the app, session, category, name, timestamp and canonical payload (the original's
// unique-together, per application).
std::string fingerprint(const Event& e);

}  // namespace eye
