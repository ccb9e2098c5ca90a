// Readiness: starting, draining, a failing store and a queue past its high-water mark each say
// "not ready" with their reason; otherwise ready.
#include <catch2/catch.hpp>

#include "ready_route.hpp"

using namespace eye;

TEST_CASE("ready only when started, not draining, the store sound and the queue below its mark", "[readiness]") {
    CHECK_FALSE(not_ready_because(true, false, std::nullopt, 0, 100));
    CHECK(not_ready_because(false, false, std::nullopt, 0, 100) == "starting");
    CHECK(not_ready_because(true, true, std::nullopt, 0, 100) == "draining");
    CHECK(not_ready_because(true, false, std::string("disk full"), 0, 100)->find("disk full") != std::string::npos);
}

TEST_CASE("the queue's high-water mark is 80% of its capacity", "[readiness]") {
    CHECK_FALSE(not_ready_because(true, false, std::nullopt, 80, 100));
    auto past = not_ready_because(true, false, std::nullopt, 81, 100);
    REQUIRE(past);
    CHECK(past->find("81 of 100") != std::string::npos);
    CHECK(not_ready_because(true, false, std::nullopt, 4, 4));
    CHECK_FALSE(not_ready_because(true, false, std::nullopt, 3, 4));
}
