// simdjson's DOM parser, one per thread and reused, on the ingest path: it parsed the
// benchmark's events in a fraction of what Poco's DOM cost (Poco's parse, its DOM and its
// stringify of the payload were ~35% of eyed's CPU under batch ingest).
#include "event_fast_path.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "event_parser.hpp"
#include "event_schema.hpp"
#include "fingerprint.hpp"
#include "utf8.hpp"

namespace eye {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Whether Poco renders this text as it is (but for escaping `"` and `\`): printable ASCII.
bool plain_text(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

void write_plain_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

// Appends the canonical text of `value` (as Poco's compact stringify of its parse: object keys
// in byte order, no spaces); false when the value holds anything outside the vouched subset.
bool write_canonical(std::string& out, element value) {
    switch (value.type()) {
        case element_type::OBJECT: {
            std::vector<std::pair<std::string_view, element>> fields;
            // Held by name: a range-for over value_unsafe() of the temporary result would dangle.
            simdjson::dom::object object = value.get_object().value_unsafe();
            for (auto [key, v] : object) {
                if (!plain_text(key)) return false;
                fields.emplace_back(key, v);
            }
            std::sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            // Poco keeps the last of repeated keys; that case is left to it.
            for (std::size_t i = 1; i < fields.size(); ++i)
                if (fields[i].first == fields[i - 1].first) return false;
            out += '{';
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (i) out += ',';
                write_plain_string(out, fields[i].first);
                out += ':';
                if (!write_canonical(out, fields[i].second)) return false;
            }
            out += '}';
            return true;
        }
        case element_type::ARRAY: {
            out += '[';
            bool first = true;
            simdjson::dom::array array = value.get_array().value_unsafe();
            for (element v : array) {
                if (!first) out += ',';
                first = false;
                if (!write_canonical(out, v)) return false;
            }
            out += ']';
            return true;
        }
        case element_type::STRING: {
            std::string_view s = value.get_string().value_unsafe();
            if (!plain_text(s)) return false;
            write_plain_string(out, s);
            return true;
        }
        case element_type::INT64:
            out += std::to_string(value.get_int64().value_unsafe());
            return true;
        case element_type::BOOL:
            out += value.get_bool().value_unsafe() ? "true" : "false";
            return true;
        case element_type::NULL_VALUE:
            out += "null";
            return true;
        default:  // UINT64 past INT64_MAX and DOUBLE: Poco's own number formatting decides
            return false;
    }
}

// True when `value` certainly passes `rule` as validate_payload checks it; false when it does
// not or when that is left to validate_payload (rules on numbers and arrays). The canonical
// writer has already refused repeated keys.
bool passes(const FieldRule& rule, element value) {
    using Type = FieldRule::Type;
    switch (rule.type) {
        case Type::boolean:
            return value.is_bool();
        case Type::string: {
            if (!value.is_string()) return false;
            std::string_view view = value.get_string().value_unsafe();
            if (rule.max_length && utf8_length(view) > *rule.max_length) return false;
            std::string s(view);
            if (!rule.allowed.empty() && std::find(rule.allowed.begin(), rule.allowed.end(), s) == rule.allowed.end())
                return false;
            Poco::RegularExpression::Match found;
            return !rule.pattern || rule.pattern->match(s, found) != 0;
        }
        case Type::object: {
            simdjson::dom::object object;
            if (value.get_object().get(object) != simdjson::SUCCESS) return false;
            for (const auto& [name, field] : rule.fields) {
                element v;
                if (object.at_key(name).get(v) != simdjson::SUCCESS || v.is_null()) {
                    if (field.required) return false;
                    continue;
                }
                if (!passes(field, v)) return false;
            }
            if (!rule.additional)
                for (auto [key, v] : object)
                    if (!rule.fields.count(std::string(key))) return false;
            return true;
        }
        default:
            return false;
    }
}

// A required or optional string field within its limits, as read_text accepts it.
// Printable ASCII only here too: how the two parsers unescape the rest (lone surrogates, say)
// is left to Poco's.
bool read_text(std::optional<element> v, std::size_t max_chars, std::string& out) {
    if (!v || !v->is_string()) return false;
    std::string_view s = v->get_string().value_unsafe();
    if (s.empty() || s.size() > max_chars || !plain_text(s)) return false;
    out = s;
    return true;
}

}  // namespace

std::optional<Event> fast_event(std::string_view text, Micros received_at, const ValidationRules& rules,
                                std::string_view app) {
    thread_local simdjson::dom::parser parser;
    element root;
    if (parser.parse(text.data(), text.size(), true).get(root) != simdjson::SUCCESS) return std::nullopt;

    enum Field { session_id, category, name, event_id, data, timestamp, ignored, field_count };
    static constexpr std::array<std::pair<std::string_view, Field>, 9> fields{{{"session_id", session_id},
                                                                               {"category", category},
                                                                               {"name", name},
                                                                               {"event_id", event_id},
                                                                               {"data", data},
                                                                               {"timestamp", timestamp},
                                                                               {"id", ignored},
                                                                               {"app", ignored},
                                                                               {"received_at", ignored}}};
    std::array<std::optional<element>, field_count> found;
    std::array<bool, fields.size()> seen{};
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
    for (auto [key, value] : object) {
        auto at = std::find_if(fields.begin(), fields.end(), [key = key](const auto& f) { return f.first == key; });
        if (at == fields.end()) return std::nullopt;  // unexpected_field
        auto index = static_cast<std::size_t>(at - fields.begin());
        if (seen[index]) return std::nullopt;  // a repeated key: Poco keeps the last
        seen[index] = true;
        found[at->second] = value;
    }

    Event e;
    e.received_at = received_at;
    e.app = app;
    if (!read_text(found[session_id], max_text_field_chars, e.session_id)) return std::nullopt;
    if (!read_text(found[category], max_text_field_chars, e.category)) return std::nullopt;
    if (!read_text(found[name], max_text_field_chars, e.name)) return std::nullopt;
    if (found[event_id] && !read_text(found[event_id], max_event_id_chars, e.event_id)) return std::nullopt;

    bool has_data = found[data] && !found[data]->is_null();
    if (has_data) {
        if (!found[data]->is_object()) return std::nullopt;
        std::string canonical;
        canonical.reserve(text.size());
        if (!write_canonical(canonical, *found[data])) return std::nullopt;
        e.data = std::move(canonical);
    }

    bool has_own_timestamp = found[timestamp] && !found[timestamp]->is_null();
    if (has_own_timestamp) {
        if (!found[timestamp]->is_string()) return std::nullopt;
        std::optional<Micros> t = parse_timestamp(found[timestamp]->get_string().value_unsafe());
        if (!t || *t > received_at + rules.future_tolerance || *t < rules.timestamp_floor) return std::nullopt;
        e.timestamp = *t;
    } else {
        e.timestamp = received_at;
    }
    if (rules.schemas) {
        const FieldRule* rule = rules.schemas->find(e.category, e.name);
        if (!rule) {
            if (rules.strict_types) return std::nullopt;  // unknown_type
        } else {
            // No payload is checked as an empty object, as check_type does: it passes unless a
            // field is required.
            bool ok = has_data ? passes(*rule, *found[data])
                               : std::none_of(rule->fields.begin(), rule->fields.end(),
                                              [](const auto& f) { return f.second.required; });
            if (!ok) return std::nullopt;
        }
    }

    e.fingerprint = fingerprint(e, has_own_timestamp);
    return e;
}

}  // namespace eye
