// Fuzz target: the schema-file loader; a file loads or is refused with SchemaError, nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "event_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        eye::EventSchemas::parse(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const eye::SchemaError&) {
    }
    return 0;
}
