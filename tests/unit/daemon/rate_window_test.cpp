// RateWindow: the mean per second over the last minute, forgetting what is older.
#include <catch2/catch.hpp>

#include "rate_window.hpp"

using namespace eye;

TEST_CASE("a minute's counts averaged per second; older seconds are forgotten", "[rate_window]") {
    RateWindow w;
    CHECK(w.per_second(1000) == 0);
    w.add(30, 1000);
    w.add(30, 1030);
    CHECK(w.per_second(1030) == Approx(1.0));
    CHECK(w.per_second(1059) == Approx(1.0));  // 1000 is still within (1059 - 60, 1059]
    CHECK(w.per_second(1060) == Approx(0.5));  // 1000 has left the window
    CHECK(w.per_second(1090) == Approx(0));
    w.add(6, 1120);  // the slot of 1000 and 1060, reused for a later second
    CHECK(w.per_second(1120) == Approx(0.1));
}
