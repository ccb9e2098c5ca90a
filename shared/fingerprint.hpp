// What makes two events the same event, so a retried or repeated post is stored once.
#pragma once

#include <string>

#include "event.hpp"

namespace eye {

// SHA-256 (32 raw bytes) of the client's event_id when it sent one; otherwise of the session,
// category, name, timestamp and canonical payload, the original's unique-together.
std::string fingerprint(const Event& e);

}  // namespace eye
