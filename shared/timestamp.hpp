// Event time: microseconds since the Unix epoch, UTC; parsing the accepted forms and rendering.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eye {

using Micros = std::int64_t;

// Accepts "2021-01-01 09:15:27.243860" and ISO 8601 with 'T', fractions of up to 9 digits
// (kept to the microsecond), and 'Z' or an offset (+01:00, +0100, +01); no zone means UTC.
std::optional<Micros> parse_timestamp(std::string_view text);

// As parse_timestamp, and also a bare date ("2021-05-20"), meaning that day's midnight UTC,
// as the original API's range filters did.
std::optional<Micros> parse_time_bound(std::string_view text);

// "2021-01-01T09:15:29.243860Z", always with six fraction digits.
std::string format_timestamp(Micros t);

Micros now_micros();

}  // namespace eye
