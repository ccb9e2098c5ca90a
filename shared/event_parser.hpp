// Turns the JSON a client sent into a validated Event, or says precisely what is wrong.
#pragma once

#include <string_view>
#include <variant>

#include <Poco/JSON/Object.h>

#include "error.hpp"
#include "event.hpp"

namespace eye {

using ParsedEvent = std::variant<Event, Error>;

inline constexpr size_t max_text_field_chars = 255;
inline constexpr size_t max_event_id_chars = 128;

// `received_at` is stamped on the event and is the default timestamp.
ParsedEvent event_from_json(const Poco::JSON::Object& object, Micros received_at);

// Parses one JSON document that must be an object, then validates it as above.
ParsedEvent parse_event(std::string_view text, Micros received_at);

}  // namespace eye
