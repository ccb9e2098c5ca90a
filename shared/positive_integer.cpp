// Positive integers by std::from_chars, which takes no sign, spaces or locale.
#include "positive_integer.hpp"

#include <charconv>

namespace eye {

std::optional<std::int64_t> parse_positive_integer(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 1) return std::nullopt;
    return v;
}

}  // namespace eye
