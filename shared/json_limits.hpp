// What JSON we take before handing it to Poco's parser: nesting no deeper than the replies can
// be rendered, and integers that fit 64 bits (and, negative, stay above -2^53, which Poco 1.11
// reads through a double). Poco would silently wrap 18446744073709551616 to 0 (so a different
// event could count as a duplicate of another) and refuses deeper
// nesting only when rendering an indented reply; both are refused at ingest instead.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "error.hpp"

namespace eye {

// Deepest nesting of objects and arrays an event may have, itself included. Replies add
// three levels (page, results, event) and Poco's parser takes 128: this leaves room.
inline constexpr std::size_t max_event_depth = 64;

// Scans JSON text once (strings skipped, escapes honoured) and returns invalid_field naming the
// problem when it nests deeper than `max_depth` or holds an integer literal outside
// [-2^63, 2^64 - 1], or a field name holding \u0000 (Poco cuts names there, which would make
// the refusal name another field); nothing otherwise. It does not validate the JSON: the
// parser does.
std::optional<Error> check_json_limits(std::string_view text, std::size_t max_depth);

}  // namespace eye
