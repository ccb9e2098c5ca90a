// Tabulating slot counts: zero-filled buckets, one bucket per slot, totals that add up.
#include <catch2/catch.hpp>

#include "error.hpp"
#include "stats.hpp"

using namespace eye;

namespace {

Micros at(const char* text) {
    return *parse_timestamp(text);
}

}  // namespace

TEST_CASE("every bucket of the range is present, zero where nothing happened", "[stats]") {
    TimeBuckets days(BucketUnit::day, "Europe/Berlin");
    std::vector<SlotCount> counts{
        {at("2021-10-30T22:00:00Z"), "a", 2},  // the 31st in Berlin
        {at("2021-10-31T22:45:00Z"), "a", 1},  // still the 31st (CET, +01:00)
        {at("2021-10-31T23:00:00Z"), "b", 5},  // November 1st
    };
    Stats s = tabulate(counts, days, at("2021-10-29T00:00:00Z"), at("2021-11-02T12:00:00Z"), false);
    REQUIRE(s.buckets.size() == 5);  // the 29th .. November 2nd
    CHECK(days.label(s.buckets[0]) == "2021-10-29T00:00:00+02:00");
    REQUIRE(s.series.size() == 2);
    CHECK(s.series[0].key == "b");
    CHECK(s.series[0].counts == std::vector<std::int64_t>{0, 0, 0, 5, 0});
    CHECK(s.series[1].key == "a");
    CHECK(s.series[1].counts == std::vector<std::int64_t>{0, 0, 3, 0, 0});
    CHECK(s.total == 8);
}

TEST_CASE("without bounds the range is the counted slots'; one series even when empty", "[stats]") {
    TimeBuckets hours(BucketUnit::hour, "UTC");
    Stats s = tabulate({{at("2021-01-01T10:15:00Z"), "", 1}, {at("2021-01-01T12:45:00Z"), "", 2}}, hours, std::nullopt,
                       std::nullopt, true);
    CHECK(s.buckets.size() == 3);
    REQUIRE(s.series.size() == 1);
    CHECK(s.series[0].counts == std::vector<std::int64_t>{1, 0, 2});
    Stats empty = tabulate({}, hours, std::nullopt, std::nullopt, true);
    CHECK(empty.buckets.empty());
    REQUIRE(empty.series.size() == 1);
    CHECK(empty.total == 0);
}

TEST_CASE("more than max_stats_points points is an invalid query", "[stats]") {
    TimeBuckets minutes(BucketUnit::minute, "UTC");
    std::vector<SlotCount> counts{{at("2021-01-01T00:00:00Z"), "a", 1}, {at("2021-01-01T00:00:00Z"), "b", 1}};
    // 6,000 minutes x 2 series
    CHECK_THROWS_WITH(tabulate(counts, minutes, at("2021-01-01T00:00:00Z"), at("2021-01-05T03:59:00Z"), false),
                      Catch::Contains("10000 points"));
    CHECK_NOTHROW(tabulate(counts, minutes, at("2021-01-01T00:00:00Z"), at("2021-01-02T00:00:00Z"), false));
}
