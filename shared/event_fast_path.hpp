// The common case of event parsing, without a DOM of Poco's: a valid event whose payload is
// plain JSON, read with simdjson.
#pragma once

#include <optional>
#include <string_view>

#include "event.hpp"
#include "validation_rules.hpp"

namespace eye {

// The Event that parse_event's Poco path would make of `text` (the same fields, canonical
// payload and fingerprint), when `text` is a valid event this path can vouch for; nullopt
// otherwise, and the caller parses it again the general way, which also names any problem.
//
// Vouched for: an object of known fields without repeats; string fields of printable ASCII
// within their limits; a timestamp string that parses and passes the time checks; a payload
// (when there is one) whose strings and keys are printable ASCII and whose numbers are 64-bit
// integers, with no repeated keys: the values whose canonical text (sorted keys, no spaces) is
// known to equal Poco's byte for byte; and, when the event's type has a payload rule, a payload
// that certainly passes it (rules on strings, booleans and objects; a rule on a number or an
// array is left to validate_payload). Anything else (unicode text, fractions, nulls in string
// fields, errors) goes the general way.
// `text` must already have passed check_json_limits. Never throws.
std::optional<Event> fast_event(std::string_view text, Micros received_at, const ValidationRules& rules,
                                std::string_view app);

}  // namespace eye
