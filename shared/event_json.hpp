// Renders a stored event as the JSON the API answers with.
#pragma once

#include <ostream>
#include <string>

#include "event.hpp"

namespace eye {

// {"id","session_id","category","name","data","timestamp"} (the original API's shape), then
// "app" and, when the sender gave one, "event_id".
// `duplicate` adds "duplicate": true, the answer to a repeat of a stored event.
void write_event_json(std::ostream& out, const Event& e, bool duplicate = false);
std::string event_json(const Event& e, bool duplicate = false);

}  // namespace eye
