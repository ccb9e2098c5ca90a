// Fuzz target: one event through the JSON limits, Poco's parser and the built-in schemas.
// Whatever the input, parsing returns an Event or an Error; never a crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "event_parser.hpp"
#include "event_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const eye::ValidationRules rules = [] {
        eye::ValidationRules r;
        r.schemas = std::make_shared<const eye::EventSchemas>(eye::EventSchemas::builtin());
        return r;
    }();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = eye::parse_event(text, 1'700'000'000'000'000, rules, "fuzz");
    if (auto* event = std::get_if<eye::Event>(&parsed)) {
        if (event->session_id.empty() || event->fingerprint.empty()) __builtin_trap();  // accepted means complete
    }
    return 0;
}
