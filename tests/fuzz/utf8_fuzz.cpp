// Fuzz target: UTF-8 repair is idempotent (its output is valid, so repairing it changes nothing)
// and JSON limits never crash on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json_limits.hpp"
#include "utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string once = eye::valid_utf8(text);
    if (eye::valid_utf8(once) != once) __builtin_trap();
    eye::check_json_limits(text, 64);
    return 0;
}
