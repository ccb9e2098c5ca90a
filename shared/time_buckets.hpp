// Time buckets in an IANA time zone: where a minute, hour, day, week (from Monday) or month
// starts, as instants, following the zone's DST changes (a local day may last 23 or 25 hours).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timestamp.hpp"

namespace date {
class time_zone;
}

namespace eye {

enum class BucketUnit { minute, hour, day, week, month };

// "minute", "hour", "day", "week", "month"; nullopt for anything else.
std::optional<BucketUnit> parse_bucket_unit(std::string_view text);
std::string_view bucket_unit_name(BucketUnit unit);

// The granularity of the stored rollups. Every UTC offset in use since 2000 is a multiple of
// 15 minutes (Asia/Kathmandu +05:45, Australia/Eucla +08:45), so every bucket of every zone is a
// whole number of these slots and a slot lies in exactly one bucket.
inline constexpr Micros rollup_slot = 15LL * 60 * 1'000'000;

// The slot holding `t` (floor to rollup_slot).
inline Micros slot_of(Micros t) {
    Micros r = t % rollup_slot;
    return t - (r < 0 ? r + rollup_slot : r);
}

class TimeBuckets {
public:
    // Throws Refusal invalid_query (field "tz") when the system tzdata has no zone `tz`.
    TimeBuckets(BucketUnit unit, const std::string& tz);

    // The start of the bucket that holds `t`; never after `t`. Minute and hour buckets follow
    // the offset in force at `t` (the repeated hour of a fall-back is two buckets); day, week and
    // month start at local midnight (or at the DST change when midnight does not exist).
    Micros start(Micros t) const;
    // The start of the bucket after the one starting at `bucket_start`.
    Micros next(Micros bucket_start) const;
    // The local time of an instant with its offset: "2021-10-31T00:00:00+02:00" (to the second).
    std::string label(Micros t) const;
    // The starts of the buckets from the one holding `first` to the one holding `last`.
    // Throws Refusal invalid_query naming the limit when there would be more than `max`.
    std::vector<Micros> starts(Micros first, Micros last, std::size_t max) const;

    BucketUnit unit() const { return unit_; }
    const std::string& tz() const { return tz_; }

private:
    BucketUnit unit_;
    std::string tz_;
    const date::time_zone* zone_;
};

}  // namespace eye
