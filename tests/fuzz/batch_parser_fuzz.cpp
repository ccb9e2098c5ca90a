// Fuzz target: a batch body, as NDJSON or a JSON array (the first byte chooses), split and
// validated; every item is an Event or an Error, and refused items keep their raw text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "batch_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    auto format = data[0] & 1 ? eye::BatchFormat::ndjson : eye::BatchFormat::json_array;
    std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto parsed = eye::parse_batch(body, format, 1'700'000'000'000'000, eye::BatchLimits(100, 4096));
    if (auto* items = std::get_if<std::vector<eye::BatchItem>>(&parsed)) {
        if (items->size() > 100) __builtin_trap();
    }
    return 0;
}
