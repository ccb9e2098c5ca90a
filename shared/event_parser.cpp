// Validation of the event envelope: required fields, their types, lengths and the timestamp.
#include "event_parser.hpp"

#include <array>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "event_fast_path.hpp"
#include "fingerprint.hpp"
#include "json_limits.hpp"
#include "json_text.hpp"
#include "utf8.hpp"

namespace eye {
namespace {

// Fields a client may send; `id`, `app` and `received_at` are what the daemon itself renders,
// accepted and ignored so that an exported event can be sent again as it is.
constexpr std::array known_fields{"session_id", "category", "name", "data",       "timestamp",
                                  "event_id",   "id",       "app",  "received_at"};

Error field_error(const char* code, const std::string& field, std::string message) {
    return Error{code, std::move(message), field};
}

// Reads a required or optional bounded string; returns an error when it is not acceptable.
std::optional<Error> read_text(const Poco::JSON::Object& o, const std::string& field, size_t max_chars, bool required,
                               std::string& out) {
    if (!o.has(field) || o.isNull(field)) {
        if (!required) return std::nullopt;
        return field_error(code::missing_field, field, field + " is required");
    }
    const Poco::Dynamic::Var& v = o.get(field);
    if (!v.isString()) return field_error(code::invalid_field, field, field + " must be a string");
    out = v.extract<std::string>();
    if (out.empty()) return field_error(code::invalid_field, field, field + " must not be empty");
    if (utf8_length(out) > max_chars)
        return field_error(code::invalid_field, field,
                           field + " must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
}

// The timestamp must lie between the floor and a little (the tolerance) past now.
std::optional<Error> check_time(Micros t, Micros now, const ValidationRules& rules) {
    if (t > now + rules.future_tolerance)
        return field_error(code::future_timestamp, "timestamp",
                           "timestamp " + format_timestamp(t) + " is in the future (more than " +
                               std::to_string(rules.future_tolerance / 1'000'000) + " s ahead of " +
                               format_timestamp(now) + ")");
    if (t < rules.timestamp_floor)
        return field_error(
            code::invalid_timestamp, "timestamp",
            "timestamp " + format_timestamp(t) + " is before " + format_timestamp(rules.timestamp_floor));
    return std::nullopt;
}

// Payload rules of the event's type, if the schemas declare it.
std::optional<Error> check_type(const Event& e, const Poco::JSON::Object& o, const ValidationRules& rules) {
    if (!rules.schemas) return std::nullopt;
    const FieldRule* rule = rules.schemas->find(e.category, e.name);
    if (!rule) {
        if (!rules.strict_types) return std::nullopt;
        return field_error(code::unknown_type, "name",
                           "no event type " + e.category + "/" + e.name + " is declared (strict types)");
    }
    Poco::JSON::Object empty;
    auto data = o.has("data") && !o.isNull("data") ? o.getObject("data") : nullptr;
    return validate_payload(*rule, data ? *data : empty);
}

}  // namespace

ParsedEvent event_from_json(const Poco::JSON::Object& o, Micros received_at, const ValidationRules& rules,
                            std::string_view app) {
    for (const auto& [key, value] : o) {
        if (std::find(known_fields.begin(), known_fields.end(), key) == known_fields.end())
            return field_error(code::unexpected_field, key, "unknown field " + key);
    }

    Event e;
    e.received_at = received_at;
    e.app = app;
    if (auto err = read_text(o, "session_id", max_text_field_chars, true, e.session_id)) return *err;
    if (auto err = read_text(o, "category", max_text_field_chars, true, e.category)) return *err;
    if (auto err = read_text(o, "name", max_text_field_chars, true, e.name)) return *err;
    if (auto err = read_text(o, "event_id", max_event_id_chars, false, e.event_id)) return *err;

    if (o.has("data") && !o.isNull("data")) {
        auto data = o.getObject("data");
        if (!data) return field_error(code::invalid_field, "data", "data must be a JSON object");
        // The parser keeps object keys sorted, so compact output is the canonical form.
        e.data = json_text(data);
    }

    bool has_own_timestamp = o.has("timestamp") && !o.isNull("timestamp");
    if (has_own_timestamp) {
        const Poco::Dynamic::Var& v = o.get("timestamp");
        std::optional<Micros> t;
        if (v.isString()) t = parse_timestamp(v.extract<std::string>());
        if (!t)
            return field_error(code::invalid_field, "timestamp",
                               "timestamp must be a date and time such as 2021-01-01 09:15:27.243860 "
                               "or 2021-01-01T09:15:27.243860Z");
        e.timestamp = *t;
        if (auto err = check_time(e.timestamp, received_at, rules)) return *err;
    } else {
        e.timestamp = received_at;
    }
    if (auto err = check_type(e, o, rules)) return *err;

    e.fingerprint = fingerprint(e, has_own_timestamp);
    return e;
}

ParsedEvent parse_event(std::string_view text, Micros received_at, const ValidationRules& rules, std::string_view app) {
    if (auto error = check_json_limits(text, max_event_depth)) return *error;
    if (auto event = fast_event(text, received_at, rules, app)) return std::move(*event);
    auto result = parse_json(text);
    if (auto* error = std::get_if<Error>(&result)) return *error;
    const Poco::Dynamic::Var& parsed = std::get<Poco::Dynamic::Var>(result);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        return Error{code::invalid_json, "an event must be a JSON object", ""};
    return event_from_json(*parsed.extract<Poco::JSON::Object::Ptr>(), received_at, rules, app);
}

}  // namespace eye
