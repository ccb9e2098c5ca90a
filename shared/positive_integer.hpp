// Reading the ids and counts people type: digits only, at least 1, no sign, no spaces.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace eye {

// The value of `text` when it is a positive decimal integer that fits in 63 bits; nothing
// otherwise ("", "0", "-1", "+1", "1.0", "12abc", "99999999999999999999").
std::optional<std::int64_t> parse_positive_integer(std::string_view text);

}  // namespace eye
