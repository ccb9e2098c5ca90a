// Fuzz target: timestamp parsing; whatever parses renders and parses back to the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "timestamp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (auto parsed : {eye::parse_timestamp(text), eye::parse_time_bound(text)}) {
        if (!parsed) continue;
        auto again = eye::parse_timestamp(eye::format_timestamp(*parsed));
        if (!again || *again != *parsed) __builtin_trap();
    }
    return 0;
}
