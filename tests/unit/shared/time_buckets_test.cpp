// Bucket arithmetic against the system tzdata: DST days, a +05:45 zone, leap years, Monday weeks.
#include <catch2/catch.hpp>

#include "error.hpp"
#include "time_buckets.hpp"

using namespace eye;

namespace {

Micros at(const char* text) {
    auto t = parse_timestamp(text);
    REQUIRE(t);
    return *t;
}

constexpr Micros hour = 3'600'000'000LL;

}  // namespace

TEST_CASE("Europe/Berlin's DST days last 23 and 25 hours", "[time_buckets]") {
    TimeBuckets days(BucketUnit::day, "Europe/Berlin");
    Micros spring = days.start(at("2021-03-28T12:00:00Z"));
    CHECK(days.label(spring) == "2021-03-28T00:00:00+01:00");
    CHECK(days.next(spring) - spring == 23 * hour);
    CHECK(days.label(days.next(spring)) == "2021-03-29T00:00:00+02:00");
    Micros autumn = days.start(at("2021-10-31T12:00:00Z"));
    CHECK(days.label(autumn) == "2021-10-31T00:00:00+02:00");
    CHECK(days.next(autumn) - autumn == 25 * hour);
    // 23:30 UTC on the 30th is already the 31st in Berlin.
    CHECK(days.start(at("2021-10-30T23:30:00Z")) == autumn);
}

TEST_CASE("America/New_York's DST days, and its repeated hour is two hour buckets", "[time_buckets]") {
    TimeBuckets days(BucketUnit::day, "America/New_York");
    Micros spring = days.start(at("2021-03-14T12:00:00Z"));
    CHECK(days.label(spring) == "2021-03-14T00:00:00-05:00");
    CHECK(days.next(spring) - spring == 23 * hour);
    Micros autumn = days.start(at("2021-11-07T12:00:00Z"));
    CHECK(days.next(autumn) - autumn == 25 * hour);

    TimeBuckets hours(BucketUnit::hour, "America/New_York");
    auto starts = hours.starts(at("2021-11-07T04:00:00Z"), at("2021-11-07T07:59:00Z"), 100);
    std::vector<std::string> labels;
    for (Micros s : starts) labels.push_back(hours.label(s));
    CHECK(labels == std::vector<std::string>{"2021-11-07T00:00:00-04:00", "2021-11-07T01:00:00-04:00",
                                             "2021-11-07T01:00:00-05:00", "2021-11-07T02:00:00-05:00"});
}

TEST_CASE("Asia/Kathmandu's hours start at a quarter past in UTC", "[time_buckets]") {
    TimeBuckets hours(BucketUnit::hour, "Asia/Kathmandu");
    Micros s = hours.start(at("2021-03-01T20:00:00Z"));
    CHECK(s == at("2021-03-01T19:15:00Z"));
    CHECK(hours.label(s) == "2021-03-02T01:00:00+05:45");
    TimeBuckets days(BucketUnit::day, "Asia/Kathmandu");
    CHECK(days.start(at("2021-03-01T20:00:00Z")) == at("2021-03-01T18:15:00Z"));
    // Every bucket boundary is a rollup slot boundary.
    CHECK(slot_of(s) == s);
    TimeBuckets tehran(BucketUnit::day, "Asia/Tehran");
    Micros d = tehran.start(at("2023-01-10T12:00:00Z"));
    CHECK(tehran.label(d) == "2023-01-10T00:00:00+03:30");
    CHECK(slot_of(d) == d);
}

TEST_CASE("months follow the calendar, leap years included", "[time_buckets]") {
    TimeBuckets months(BucketUnit::month, "UTC");
    Micros feb2020 = months.start(at("2020-02-15T00:00:00Z"));
    CHECK(feb2020 == at("2020-02-01T00:00:00Z"));
    CHECK(months.next(feb2020) - feb2020 == 29 * 24 * hour);
    Micros feb2021 = months.start(at("2021-02-28T23:59:59Z"));
    CHECK(months.next(feb2021) - feb2021 == 28 * 24 * hour);
    Micros dec = months.start(at("2021-12-31T10:00:00Z"));
    CHECK(months.label(months.next(dec)) == "2022-01-01T00:00:00+00:00");
    TimeBuckets berlin(BucketUnit::month, "Europe/Berlin");
    Micros march = berlin.start(at("2021-03-15T00:00:00Z"));
    CHECK(berlin.next(march) - march == (31 * 24 - 1) * hour);
}

TEST_CASE("weeks start on Monday at local midnight", "[time_buckets]") {
    TimeBuckets weeks(BucketUnit::week, "Europe/Berlin");
    // Sunday 2021-10-31 belongs to the week of Monday 2021-10-25, which holds the 25-hour day.
    Micros w = weeks.start(at("2021-10-31T20:00:00Z"));
    CHECK(weeks.label(w) == "2021-10-25T00:00:00+02:00");
    CHECK(weeks.next(w) - w == (7 * 24 + 1) * hour);
    CHECK(weeks.label(weeks.start(at("2021-11-01T00:30:00Z"))) == "2021-11-01T00:00:00+01:00");
}

TEST_CASE("unknown zones and too many buckets are invalid queries", "[time_buckets]") {
    try {
        TimeBuckets bad(BucketUnit::day, "Mars/Olympus");
        FAIL("an unknown zone was accepted");
    } catch (const Refusal& e) {
        CHECK(e.error().code == code::invalid_query);
        CHECK(e.error().field == "tz");
    }
    TimeBuckets minutes(BucketUnit::minute, "UTC");
    CHECK(minutes.starts(at("2021-01-01T00:00:00Z"), at("2021-01-01T00:09:59Z"), 10).size() == 10);
    CHECK_THROWS_AS(minutes.starts(at("2021-01-01T00:00:00Z"), at("2021-01-01T00:10:00Z"), 10), Refusal);
    CHECK(parse_bucket_unit("week") == BucketUnit::week);
    CHECK_FALSE(parse_bucket_unit("fortnight"));
}
