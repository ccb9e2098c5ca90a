// Bucket arithmetic on Howard Hinnant's date/tz over the system tzdata: no hand-written offsets.
#include "time_buckets.hpp"

#include <chrono>

#include <date/tz.h>

#include "error.hpp"

namespace eye {
namespace {

using Us = std::chrono::microseconds;
using SysUs = date::sys_time<Us>;
using LocalUs = date::local_time<Us>;

SysUs as_sys(Micros t) {
    return SysUs{Us{t}};
}

Micros as_micros(SysUs t) {
    return t.time_since_epoch().count();
}

constexpr std::pair<std::string_view, BucketUnit> unit_names[] = {
    {"minute", BucketUnit::minute}, {"hour", BucketUnit::hour},   {"day", BucketUnit::day},
    {"week", BucketUnit::week},     {"month", BucketUnit::month},
};

// The local calendar day, week (from Monday) or month holding `local`, as its first local day.
date::local_days calendar_floor(LocalUs local, BucketUnit unit) {
    auto day = date::floor<date::days>(local);
    if (unit == BucketUnit::week) return day - (date::weekday{day} - date::Monday);
    if (unit == BucketUnit::month) {
        date::year_month_day ymd{day};
        return date::local_days{ymd.year() / ymd.month() / 1};
    }
    return day;
}

date::local_days calendar_next(date::local_days first, BucketUnit unit) {
    if (unit == BucketUnit::week) return first + date::days{7};
    if (unit == BucketUnit::month) {
        date::year_month_day ymd{first};
        date::year_month ym = ymd.year() / ymd.month();
        ym += date::months{1};
        return date::local_days{ym / 1};
    }
    return first + date::days{1};
}

}  // namespace

std::optional<BucketUnit> parse_bucket_unit(std::string_view text) {
    for (const auto& [name, unit] : unit_names)
        if (name == text) return unit;
    return std::nullopt;
}

std::string_view bucket_unit_name(BucketUnit unit) {
    for (const auto& [name, u] : unit_names)
        if (u == unit) return name;
    return "?";
}

TimeBuckets::TimeBuckets(BucketUnit unit, const std::string& tz) : unit_(unit), tz_(tz) {
    try {
        zone_ = date::locate_zone(tz);
    } catch (const std::runtime_error&) {
        throw Refusal(
            Error{code::invalid_query, "tz must be an IANA time zone name such as Europe/Berlin, not " + tz, "tz"});
    }
}

Micros TimeBuckets::start(Micros t) const {
    SysUs at = as_sys(t);
    if (unit_ == BucketUnit::minute || unit_ == BucketUnit::hour) {
        // Floor the local clock reading, with the offset in force at `t`.
        Us offset = zone_->get_info(at).offset;
        Us local = at.time_since_epoch() + offset;
        Us floored = unit_ == BucketUnit::minute ? date::floor<std::chrono::minutes>(local)
                                                 : date::floor<std::chrono::hours>(local);
        return (floored - offset).count();
    }
    auto first = calendar_floor(zone_->to_local(at), unit_);
    return as_micros(zone_->to_sys(LocalUs{first}, date::choose::earliest));
}

Micros TimeBuckets::next(Micros bucket_start) const {
    if (unit_ == BucketUnit::minute || unit_ == BucketUnit::hour) {
        Micros step = unit_ == BucketUnit::minute ? 60'000'000LL : 3'600'000'000LL;
        Micros candidate = bucket_start + step;
        // An offset change of less than the step (Lord Howe's 30 minutes) may put `candidate`
        // inside a bucket that began earlier; never go backwards.
        Micros s = start(candidate);
        return s > bucket_start ? s : candidate;
    }
    auto first = calendar_floor(zone_->to_local(as_sys(bucket_start)), unit_);
    return as_micros(zone_->to_sys(LocalUs{calendar_next(first, unit_)}, date::choose::earliest));
}

std::string TimeBuckets::label(Micros t) const {
    auto seconds = date::floor<std::chrono::seconds>(as_sys(t));
    return date::format("%FT%T%Ez", date::make_zoned(zone_, seconds));
}

std::vector<Micros> TimeBuckets::starts(Micros first, Micros last, std::size_t max) const {
    std::vector<Micros> out;
    for (Micros b = start(first); b <= last; b = next(b)) {
        if (out.size() == max)
            throw Refusal(Error{code::invalid_query,
                                "the range holds more than " + std::to_string(max) +
                                    " buckets; narrow it (after, before) or use a larger bucket",
                                "bucket"});
        out.push_back(b);
    }
    return out;
}

}  // namespace eye
