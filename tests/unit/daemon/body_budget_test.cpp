// The body budget: leases grow as bytes arrive, refuse past the budget, give back at the end.
#include <catch2/catch.hpp>

#include <optional>

#include "body_budget.hpp"

using eye::BodyBudget;

TEST_CASE("bodies beyond the budget are refused until others are released", "[budget]") {
    BodyBudget budget(100);
    std::optional<BodyBudget::Lease> a(std::in_place, budget);
    CHECK(a->grow(60));
    {
        BodyBudget::Lease b(budget);
        CHECK_FALSE(b.grow(50));  // 60 + 50 > 100
        CHECK(b.bytes() == 0);
        BodyBudget::Lease c(budget);
        CHECK(c.grow(40));  // exactly full
        CHECK(budget.in_use() == 100);
    }
    CHECK(budget.in_use() == 60);
    a.reset();
    CHECK(budget.in_use() == 0);
    BodyBudget::Lease alone(budget);
    CHECK(alone.grow(500));  // one body larger than the budget still gets through alone
    CHECK(alone.grow(500));
    CHECK(budget.in_use() == 1000);
}

TEST_CASE("an announced body that sends nothing holds nothing", "[budget]") {
    BodyBudget budget(100);
    std::vector<std::unique_ptr<BodyBudget::Lease>> idle;
    for (int i = 0; i < 8; ++i) idle.push_back(std::make_unique<BodyBudget::Lease>(budget));
    BodyBudget::Lease sending(budget);
    CHECK(sending.grow(100));
    CHECK(budget.in_use() == 100);
}
