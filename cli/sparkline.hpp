// Shapes of a series for a person at a terminal: a sparkline and a proportional bar.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace eye::cli {

// One block character (▁ to █) per value, scaled so the largest is █; zero is a space so that
// "nothing happened" stays visibly different from "a little".
std::string sparkline(const std::vector<std::int64_t>& values);

// `value` as up to `width` full blocks relative to `max`; any value above zero shows at least
// one block (a thin one when it would round to none).
std::string bar(std::int64_t value, std::int64_t max, int width);

}  // namespace eye::cli
