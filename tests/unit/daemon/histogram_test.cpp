// Histogram: observations land in the first bucket whose bound holds them; snapshots are
// cumulative, end in +Inf and agree with their count.
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "histogram.hpp"

using namespace eye;

TEST_CASE("a value is counted in the first bucket whose bound is at least it, the rest in +Inf", "[histogram]") {
    constexpr double bounds[] = {1, 5, 10};
    Histogram h(bounds);
    for (double v : {0.5, 1.0, 1.5, 5.0, 7.0, 11.0, 1000.0}) h.observe(v);
    Histogram::Snapshot s = h.snapshot();
    CHECK(s.bounds == std::vector<double>{1, 5, 10});
    CHECK(s.cumulative == std::vector<std::uint64_t>{2, 4, 5, 7});  // <=1, <=5, <=10, +Inf
    CHECK(s.count == 7);
    CHECK(s.sum == Approx(1026.0));
}

TEST_CASE("observations from several threads are all counted", "[histogram]") {
    constexpr double bounds[] = {0.5};
    Histogram h(bounds);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&h, t] {
            for (int i = 0; i < 10000; ++i) h.observe(t % 2 ? 1.0 : 0.25);
        });
    for (auto& t : threads) t.join();
    Histogram::Snapshot s = h.snapshot();
    CHECK(s.cumulative == std::vector<std::uint64_t>{20000, 40000});
    CHECK(s.sum == Approx(20000 * 1.0 + 20000 * 0.25));
}
