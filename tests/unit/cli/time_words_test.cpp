// Times as people write them: relative times, words, zone-less times in the local zone, and
// times shown in a zone. The zone is set through TZ with POSIX rules, so no tzdata is needed.
#include <cstdlib>
#include <ctime>
#include <string>

#include <catch2/catch.hpp>

#include "time_words.hpp"

using namespace eye;
using namespace eye::cli;

namespace {

// Sets TZ for the scope of a test and restores it after.
class ScopedTz {
public:
    explicit ScopedTz(const char* tz) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        setenv("TZ", tz, 1);
        tzset();
    }
    ~ScopedTz() {
        if (old_.empty())
            unsetenv("TZ");
        else
            setenv("TZ", old_.c_str(), 1);
        tzset();
    }

private:
    std::string old_;
};

Micros at(const char* iso) {
    return *parse_timestamp(iso);
}

const char* berlin = "CET-1CEST,M3.5.0,M10.5.0/3";

}  // namespace

TEST_CASE("relative times count back from now", "[time_words]") {
    Micros now = at("2021-06-15T12:00:00Z");
    CHECK(resolve_time("15m", Zone::local, now) == at("2021-06-15T11:45:00Z"));
    CHECK(resolve_time("2h", Zone::local, now) == at("2021-06-15T10:00:00Z"));
    CHECK(resolve_time("7d", Zone::local, now) == at("2021-06-08T12:00:00Z"));
    CHECK(resolve_time("1w", Zone::local, now) == at("2021-06-08T12:00:00Z"));
    CHECK(resolve_time("30s", Zone::local, now) == at("2021-06-15T11:59:30Z"));
    CHECK(resolve_time("-15m", Zone::local, now) == at("2021-06-15T11:45:00Z"));
    CHECK(resolve_time("15 min ago", Zone::local, now) == at("2021-06-15T11:45:00Z"));
    CHECK(resolve_time("now", Zone::local, now) == now);
    CHECK(resolve_time("NOW", Zone::local, now) == now);
}

TEST_CASE("today, yesterday and tomorrow are midnights in the zone", "[time_words]") {
    ScopedTz tz(berlin);
    Micros now = at("2021-06-15T23:30:00Z");  // already the 16th in Berlin (UTC+2)
    CHECK(resolve_time("today", Zone::local, now) == at("2021-06-16T00:00:00+02:00"));
    CHECK(resolve_time("yesterday", Zone::local, now) == at("2021-06-15T00:00:00+02:00"));
    CHECK(resolve_time("tomorrow", Zone::local, now) == at("2021-06-17T00:00:00+02:00"));
    CHECK(resolve_time("today", Zone::utc, now) == at("2021-06-15T00:00:00Z"));
    CHECK(resolve_time("yesterday", Zone::utc, now) == at("2021-06-14T00:00:00Z"));
    // Across the switch to winter time the day before is 25 hours long.
    Micros after_switch = at("2021-11-01T10:00:00Z");
    CHECK(resolve_time("yesterday", Zone::local, after_switch) == at("2021-10-31T00:00:00+02:00"));
}

TEST_CASE("times without a zone are local; with one, they are that instant", "[time_words]") {
    ScopedTz tz(berlin);
    Micros now = at("2021-06-15T12:00:00Z");
    CHECK(resolve_time("2021-06-01", Zone::local, now) == at("2021-05-31T22:00:00Z"));
    CHECK(resolve_time("2021-01-01 09:15", Zone::local, now) == at("2021-01-01T08:15:00Z"));
    CHECK(resolve_time("2021-01-01T09:15:27.243860", Zone::local, now) == at("2021-01-01T08:15:27.243860Z"));
    CHECK(resolve_time("2021-01-01T09:15:00Z", Zone::local, now) == at("2021-01-01T09:15:00Z"));
    CHECK(resolve_time("2021-01-01T09:15:00-05:00", Zone::local, now) == at("2021-01-01T14:15:00Z"));
    CHECK(resolve_time("2021-06-01", Zone::utc, now) == at("2021-06-01T00:00:00Z"));
}

TEST_CASE("what names no time is refused", "[time_words]") {
    Micros now = at("2021-06-15T12:00:00Z");
    for (const char* bad : {"", "soon", "15", "15x", "m", "2021-13-01", "yesterday-ish", "99999999999d"})
        CHECK_FALSE(resolve_time(bad, Zone::local, now));
}

TEST_CASE("times are shown in the zone, to the second or whole", "[time_words]") {
    ScopedTz tz(berlin);
    Micros t = at("2021-01-01T09:15:27.243860Z");
    CHECK(show_time(t, Zone::utc, false) == "2021-01-01 09:15:27");
    CHECK(show_time(t, Zone::utc, true) == "2021-01-01T09:15:27.243860Z");
    CHECK(show_time(t, Zone::local, false) == "2021-01-01 10:15:27");
    CHECK(show_time(t, Zone::local, true) == "2021-01-01 10:15:27.243860+0100");
    CHECK(show_time(at("1969-12-31T23:59:59.5Z"), Zone::utc, true) == "1969-12-31T23:59:59.500000Z");
    CHECK(zone_name(Zone::utc) == "UTC");
    CHECK((zone_name(Zone::local) == "CET" || zone_name(Zone::local) == "CEST"));
}
