#include <catch2/catch.hpp>

#include <optional>

#include "body_budget.hpp"

using eye::BodyBudget;

TEST_CASE("bodies beyond the budget are refused until others are released", "[budget]") {
    BodyBudget budget(100);
    std::optional<BodyBudget::Lease> a(std::in_place, budget, 60);
    CHECK(a->granted());
    {
        BodyBudget::Lease b(budget, 50);
        CHECK_FALSE(b.granted());  // 60 + 50 > 100
        BodyBudget::Lease c(budget, 40);
        CHECK(c.granted());  // exactly full
        CHECK(budget.in_use() == 100);
    }
    CHECK(budget.in_use() == 60);
    a.reset();
    CHECK(budget.in_use() == 0);
    BodyBudget::Lease alone(budget, 500);
    CHECK(alone.granted());  // one body larger than the budget still gets through alone
}
