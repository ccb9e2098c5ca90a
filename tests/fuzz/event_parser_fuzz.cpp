// Fuzz target: one event through the JSON limits, the parsers and the built-in schemas.
// Whatever the input, parsing returns an Event or an Error; never a crash, hang or leak. And
// whatever simdjson's fast path accepts, Poco's general path makes the same Event of.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "event_fast_path.hpp"
#include "event_parser.hpp"
#include "event_schema.hpp"
#include "json_limits.hpp"
#include "json_text.hpp"

namespace {

constexpr eye::Micros received = 1'700'000'000'000'000;

// The fast path's Event against the general path's for the same text.
void same_as_general(std::string_view text, const eye::Event& fast, const eye::ValidationRules& rules) {
    auto parsed = eye::parse_json(text);
    if (!std::holds_alternative<Poco::Dynamic::Var>(parsed)) __builtin_trap();  // fast took invalid JSON
    const auto& root = std::get<Poco::Dynamic::Var>(parsed);
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) __builtin_trap();
    auto general = eye::event_from_json(*root.extract<Poco::JSON::Object::Ptr>(), received, rules, "fuzz");
    auto* e = std::get_if<eye::Event>(&general);
    if (!e) __builtin_trap();  // fast took what the general path refuses
    if (e->session_id != fast.session_id || e->category != fast.category || e->name != fast.name ||
        e->data != fast.data || e->timestamp != fast.timestamp || e->event_id != fast.event_id || e->app != fast.app)
        __builtin_trap();
    // Random for an event with neither an event_id nor its own timestamp.
    bool random = e->event_id.empty() && e->timestamp == received;
    if (!random && e->fingerprint != fast.fingerprint) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const eye::ValidationRules rules = [] {
        eye::ValidationRules r;
        r.schemas = std::make_shared<const eye::EventSchemas>(eye::EventSchemas::builtin());
        return r;
    }();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = eye::parse_event(text, received, rules, "fuzz");
    if (auto* event = std::get_if<eye::Event>(&parsed)) {
        if (event->session_id.empty() || event->fingerprint.empty()) __builtin_trap();  // accepted means complete
    }
    if (!eye::check_json_limits(text, eye::max_event_depth)) {
        if (auto fast = eye::fast_event(text, received, rules, "fuzz")) same_as_general(text, *fast, rules);
    }
    return 0;
}
