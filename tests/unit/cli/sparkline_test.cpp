// Sparklines and bars: zero stays blank, the largest value is a full block, nothing overflows.
#include <catch2/catch.hpp>

#include "sparkline.hpp"

using namespace eye::cli;

TEST_CASE("a sparkline scales to its largest value and keeps zero blank", "[sparkline]") {
    CHECK(sparkline({0, 1, 4, 8}) == " ▁▄█");
    CHECK(sparkline({5, 5}) == "██");
    CHECK(sparkline({0, 0}) == "  ");
    CHECK(sparkline({}).empty());
}

TEST_CASE("a bar is proportional, and any count above zero shows", "[sparkline]") {
    CHECK(bar(10, 10, 4) == "████");
    CHECK(bar(5, 10, 4) == "██");
    CHECK(bar(1, 1000, 4) == "▏");
    CHECK(bar(0, 10, 4).empty());
}
