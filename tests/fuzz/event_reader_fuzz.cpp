// Fuzz target: eye's reader of NDJSON or a JSON array from a stream; every event it yields is one
// line, and a cut-off array is a UsageError.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "event_reader.hpp"
#include "exit_codes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    eye::cli::EventReader reader(in);
    try {
        for (std::string event; reader.next(event);) {
            if (event.find('\n') != std::string::npos) __builtin_trap();
        }
    } catch (const eye::cli::UsageError&) {
    }
    if (reader.bytes_read() > size) __builtin_trap();
    return 0;
}
