// Times as people write them on eye's command line (journalctl's habits), resolved by eye to
// the absolute UTC instants the API takes; and instants shown in the reader's zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "timestamp.hpp"

namespace eye::cli {

// Where a time without a zone is: the local zone (TZ, as the C library reads it) or UTC.
enum class Zone { local, utc };

// The instant `text` names, or nothing when it names none:
// - what the API accepts: a date and time with 'Z' or an offset is that instant;
// - a date and time, or a bare date (its midnight), without a zone: in `zone`;
// - relative to `now`, in the past: "30s", "15m", "2h", "7d", "1w" (also "15min", "-15m",
//   "15m ago");
// - words: "now", and "today", "yesterday", "tomorrow" (that day's midnight in `zone`).
// Never throws.
std::optional<Micros> resolve_time(std::string_view text, Zone zone, Micros now);

// `t` as "2021-01-01 10:15:27" in `zone`, or with `whole` as "2021-01-01 10:15:27.243860+0100"
// (UTC: "2021-01-01T09:15:27.243860Z", as the API renders it).
std::string show_time(Micros t, Zone zone, bool whole);

// The zone's name for a table heading: "UTC", or the local zone's abbreviation now ("CET").
std::string zone_name(Zone zone);

}  // namespace eye::cli
