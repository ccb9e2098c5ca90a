#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "event_fast_path.hpp"
#include "event_parser.hpp"
#include "event_schema.hpp"
#include "json_text.hpp"

using namespace eye;

namespace {

constexpr Micros received = 1700000000000000;

// What the general (Poco) path makes of the text: the reference the fast path must equal.
ParsedEvent general(const std::string& text, const ValidationRules& rules) {
    auto parsed = parse_json(text);
    if (auto* error = std::get_if<Error>(&parsed)) return *error;
    return event_from_json(*std::get<Poco::Dynamic::Var>(parsed).extract<Poco::JSON::Object::Ptr>(), received, rules,
                           "web");
}

// True when the fast path took the text; then every field must be the general path's (which
// must have accepted it: the fast path never takes what the general path refuses).
bool same_as_general(const std::string& text, const ValidationRules& rules = {}) {
    std::optional<Event> fast = fast_event(text, received, rules, "web");
    if (!fast) return false;
    ParsedEvent slow = general(text, rules);
    INFO(text);
    REQUIRE(std::holds_alternative<Event>(slow));
    const Event& e = std::get<Event>(slow);
    CHECK(fast->session_id == e.session_id);
    CHECK(fast->category == e.category);
    CHECK(fast->name == e.name);
    CHECK(fast->data == e.data);
    CHECK(fast->timestamp == e.timestamp);
    CHECK(fast->received_at == e.received_at);
    CHECK(fast->event_id == e.event_id);
    CHECK(fast->app == e.app);
    // Without an event_id or a timestamp of its own an event's fingerprint is random.
    if (!e.event_id.empty() || text.find("\"timestamp\": \"") != std::string::npos)
        CHECK(fast->fingerprint == e.fingerprint);
    return true;
}

std::string event_with(const std::string& data,
                       const std::string& more = R"(, "timestamp": "2021-01-01 09:15:27.243860")") {
    return R"({"session_id": "s1", "category": "page interaction", "name": "cta click", "data": )" + data + more + "}";
}

// A random payload of the values the fast path vouches for: printable ASCII (escapes
// included), 64-bit integers, booleans, nulls, nested objects and arrays.
std::string random_value(std::mt19937& rng, int depth) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    auto text = [&] {
        static const std::vector<std::string> pieces{"a", "Z", " ", "/", "\\\"", "\\\\", "\\/", "\\u0041",
                                                     "~", "{", "]", ":", ",",    "0",    "é"};
        std::string s = "\"";
        for (int i = pick(5); i > 0; --i) s += pieces[static_cast<std::size_t>(pick(static_cast<int>(pieces.size())))];
        return s + "\"";
    };
    switch (depth > 3 ? pick(4) : pick(6)) {
        case 0:
            return text();
        case 1: {
            static const std::vector<std::string> numbers{
                "0",   "-1",  "42", "9223372036854775807", "-9223372036854775808",
                "1.5", "1e3", "-0", "18446744073709551615"};
            return numbers[static_cast<std::size_t>(pick(static_cast<int>(numbers.size())))];
        }
        case 2:
            return pick(2) ? "true" : "false";
        case 3:
            return "null";
        case 4: {
            std::string s = "[";
            for (int i = pick(4); i > 0; --i) s += random_value(rng, depth + 1) + (i > 1 ? ", " : "");
            return s + "]";
        }
        default: {
            std::string s = "{";
            for (int i = pick(5); i > 0; --i) s += text() + ": " + random_value(rng, depth + 1) + (i > 1 ? ", " : "");
            return s + "}";
        }
    }
}

}  // namespace

TEST_CASE("the fast path makes of a plain event exactly what the general path makes", "[event_parser]") {
    CHECK(same_as_general(event_with(R"({"host": "www.example.com", "path": "/", "element": "chat bubble"})")));
    CHECK(same_as_general(
        event_with(R"({"b": [1, -2, {"z": true, "y": null}], "a": {}, "c": [], "q\"\\\/": "x\"\\\/"})")));
    CHECK(same_as_general(event_with(R"({"n": 9223372036854775807, "m": -9007199254740992})")));
    CHECK(same_as_general(event_with("{}")));
    CHECK(same_as_general(event_with("null")));
    CHECK(
        same_as_general(event_with(R"({"a": 1})", R"(, "event_id": "k-1", "id": 7, "app": "x", "received_at": "y")")));
    CHECK(same_as_general(event_with(R"({"a": 1})", "")));  // no timestamp: received_at
    CHECK(same_as_general(event_with(R"({"a": 1})", R"(, "timestamp": "2021-01-01T09:15:27Z")")));
    CHECK(same_as_general(R"({"session_id": "s", "category": "c", "name": "n"})"));
}

TEST_CASE("the fast path leaves to the general path what it does not vouch for", "[event_parser]") {
    auto declined = [](const std::string& text) { return !fast_event(text, received, {}, "web"); };
    CHECK(declined(event_with(R"({"a": 1.5})")));                                   // Poco formats fractions
    CHECK(declined(event_with(R"({"a": 18446744073709551615})")));                  // past int64
    CHECK(declined(event_with(R"({"a": "é"})")));                                   // unicode text
    CHECK(declined(event_with(R"({"a": "\u0007"})")));                              // control characters
    CHECK(declined(event_with(R"({"a": 1, "a": 2})")));                             // Poco keeps the last
    CHECK(declined(event_with("[]")));                                              // invalid_field
    CHECK(declined(event_with("{}", R"(, "extra": 1)")));                           // unexpected_field
    CHECK(declined(event_with("{}", R"(, "event_id": null)")));                     // nulls in text fields
    CHECK(declined(event_with("{}", R"(, "timestamp": "2999-01-01T00:00:00Z")")));  // future_timestamp
    CHECK(declined(R"({"session_id": "", "category": "c", "name": "n"})"));         // empty
    CHECK(declined(R"({"session_id": "s", "category": "c"})"));                     // missing_field
    CHECK(declined(R"({"session_id": "s", "session_id": "t", "category": "c", "name": "n"})"));
    CHECK(declined("[1]"));
    CHECK(declined("{"));
}

TEST_CASE("random plain payloads: whatever the fast path takes equals the general path", "[event_parser]") {
    std::mt19937 rng(20261129);
    int taken = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string data = "{\"k\": " + random_value(rng, 0) + ", \"j\": " + random_value(rng, 1) + "}";
        if (same_as_general(event_with(data))) ++taken;
    }
    // Most are taken (the rest hold a fraction, a big number, a repeated key or unicode), so
    // the comparison covers the canonical writer well.
    CHECK(taken > 1000);
}

TEST_CASE("with the built-in payload rules, the fast path takes only payloads that pass them", "[event_parser]") {
    ValidationRules rules;
    rules.schemas = std::make_shared<EventSchemas>(EventSchemas::builtin());
    auto typed = [](const std::string& category, const std::string& name, const std::string& data) {
        return R"({"session_id": "s1", "category": ")" + category + R"(", "name": ")" + name + R"(", "data": )" + data +
               R"(, "timestamp": "2021-01-01 09:15:27.243860"})";
    };
    // Each payload in turn for each type; the general path's verdict is the reference.
    const std::vector<std::string> payloads{
        R"({"host": "h", "path": "/", "element": "chat bubble"})",
        R"({"host": "h", "path": "/"})",
        R"({"host": "h", "path": "/", "element": "e", "extra": [1, {"x": null}]})",
        R"({"host": "h", "path": "/", "element": 5})",
        R"({"host": "h", "path": "/", "element": null})",
        R"({"host": "h", "path": "/", "element": true})",
        R"({"host": ")" + std::string(256, 'a') + R"(", "path": "/", "element": "e"})",
        R"({"host": "h", "path": "/", "form": {"first_name": "Ada"}})",
        R"({"host": "h", "path": "/", "form": {"first_name": 1}})",
        R"({"host": "h", "path": "/", "form": {}})",
        R"({"host": "h", "path": "/", "form": "no"})",
        R"({"host": "h"})",
        "{}",
        "null",
    };
    const std::vector<std::pair<std::string, std::string>> types{{"page interaction", "pageview"},
                                                                 {"page interaction", "cta click"},
                                                                 {"form interaction", "submit"},
                                                                 {"other", "type"}};
    int taken = 0, refused_by_general = 0;
    for (const auto& [category, name] : types)
        for (const auto& data : payloads) {
            std::string text = typed(category, name, data);
            if (same_as_general(text, rules)) ++taken;
            if (std::holds_alternative<Error>(general(text, rules))) {
                ++refused_by_general;
                CHECK_FALSE(fast_event(text, received, rules, "web"));
            }
        }
    CHECK(taken >= 15);
    CHECK(refused_by_general >= 15);

    rules.strict_types = true;
    CHECK_FALSE(fast_event(typed("other", "type", "{}"), received, rules, "web"));  // unknown_type
}
