// Turns the JSON a client sent into a validated Event, or says precisely what is wrong.
#pragma once

#include <string_view>
#include <variant>

#include <Poco/JSON/Object.h>

#include "error.hpp"
#include "event.hpp"
#include "validation_rules.hpp"

namespace eye {

using ParsedEvent = std::variant<Event, Error>;

inline constexpr size_t max_text_field_chars = 255;
inline constexpr size_t max_event_id_chars = 128;

// `received_at` is stamped on the event, is the default timestamp and is "now" for the
// future-timestamp check. `rules` adds the payload schema and the time bounds.
ParsedEvent event_from_json(const Poco::JSON::Object& object, Micros received_at, const ValidationRules& rules = {},
                            std::string_view app = {});

// Parses one JSON document that must be an object, then validates it as above.
// `app` is who sent it: part of its identity, and what it is attributed to.
ParsedEvent parse_event(std::string_view text, Micros received_at, const ValidationRules& rules = {},
                        std::string_view app = {});

}  // namespace eye
