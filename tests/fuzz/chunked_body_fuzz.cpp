// Fuzz target: a chunked body off the wire; it is read whole within the limit or refused with
// bad_request or too_large, never read past the limit.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "chunked_body.hpp"
#include "error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::size_t counted = 0;
    try {
        std::string body = eye::read_chunked_body(in, 4096, [&](std::size_t n) { counted += n; });
        if (body.size() > 4096 || body.size() != counted) __builtin_trap();
    } catch (const eye::Refusal& r) {
        if (r.error().code != eye::code::bad_request && r.error().code != eye::code::too_large) __builtin_trap();
    }
    return 0;
}
