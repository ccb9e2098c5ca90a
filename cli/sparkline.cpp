// Sparklines and bars in Unicode block elements (U+2581..U+2588).
#include "sparkline.hpp"

#include <algorithm>

namespace eye::cli {
namespace {

constexpr const char* blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

}  // namespace

std::string sparkline(const std::vector<std::int64_t>& values) {
    std::int64_t max = 0;
    for (auto v : values) max = std::max(max, v);
    std::string line;
    for (auto v : values) {
        if (v <= 0) {
            line += ' ';
            continue;
        }
        auto level = static_cast<std::size_t>((v * 8 + max - 1) / max) - 1;  // 0..7, rounded up
        line += blocks[std::min<std::size_t>(level, 7)];
    }
    return line;
}

std::string bar(std::int64_t value, std::int64_t max, int width) {
    if (value <= 0 || max <= 0 || width <= 0) return "";
    std::int64_t full = value * width / max;
    if (full == 0) return "▏";
    std::string out;
    for (std::int64_t i = 0; i < full; ++i) out += "█";
    return out;
}

}  // namespace eye::cli
