// The schema language: loading it with errors that point into the file, and checking payloads.
#include "event_schema.hpp"
#include "json_text.hpp"

#include <algorithm>
#include <cmath>

#include <Poco/JSON/Array.h>

#include "utf8.hpp"

namespace eye {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

const std::map<std::string, FieldRule::Type> type_names{
    {"string", FieldRule::Type::string},   {"number", FieldRule::Type::number}, {"integer", FieldRule::Type::integer},
    {"boolean", FieldRule::Type::boolean}, {"object", FieldRule::Type::object}, {"array", FieldRule::Type::array},
};

const char* type_name(FieldRule::Type t) {
    for (const auto& [name, type] : type_names)
        if (type == t) return name.c_str();
    return "?";
}

[[noreturn]] void schema_error(const std::string& path, const std::string& message) {
    throw SchemaError(path + ": " + message);
}

Object::Ptr object_at(const Var& v, const std::string& path) {
    if (v.type() != typeid(Object::Ptr)) schema_error(path, "must be a JSON object");
    return v.extract<Object::Ptr>();
}

bool bool_at(const Object& o, const std::string& key, const std::string& path, bool fallback) {
    if (!o.has(key)) return fallback;
    const Var& v = o.get(key);
    if (!v.isBoolean()) schema_error(path + "." + key, "must be true or false");
    return v.extract<bool>();
}

std::string string_at(const Object& o, const std::string& key, const std::string& path) {
    if (!o.has(key)) schema_error(path + "." + key, "is required");
    const Var& v = o.get(key);
    if (!v.isString() || v.extract<std::string>().empty()) schema_error(path + "." + key, "must be a non-empty string");
    return v.extract<std::string>();
}

void check_keys(const Object& o, const std::string& path, std::initializer_list<const char*> known) {
    for (const auto& member : o) {
        const std::string& key = member.first;  // a plain name: clang 14 cannot capture bindings
        if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
            schema_error(path + "." + key, "is not part of the schema language");
    }
}

std::map<std::string, FieldRule> read_fields(const Var& v, const std::string& path);

FieldRule read_rule(const Object& o, const std::string& path) {
    check_keys(o, path, {"type", "required", "max_length", "enum", "pattern", "fields", "additional"});
    FieldRule rule;
    std::string type = string_at(o, "type", path);
    auto t = type_names.find(type);
    if (t == type_names.end())
        schema_error(path + ".type", "unknown type \"" + type + "\" (string, number, integer, boolean, object, array)");
    rule.type = t->second;
    rule.required = bool_at(o, "required", path, true);
    bool is_string = rule.type == FieldRule::Type::string, is_object = rule.type == FieldRule::Type::object;

    if (o.has("max_length")) {
        if (!is_string) schema_error(path + ".max_length", "applies to strings only");
        const Var& v = o.get("max_length");
        if (v.isBoolean() || !v.isInteger() || v.convert<long long>() < 1)
            schema_error(path + ".max_length", "must be a positive integer");
        rule.max_length = v.convert<std::size_t>();
    }
    if (o.has("enum")) {
        if (!is_string) schema_error(path + ".enum", "applies to strings only");
        auto values = o.getArray("enum");
        if (!values || values->size() == 0) schema_error(path + ".enum", "must be a non-empty array of strings");
        for (std::size_t i = 0; i < values->size(); ++i) {
            const Var& v = values->get(static_cast<unsigned>(i));
            if (!v.isString()) schema_error(path + ".enum[" + std::to_string(i) + "]", "must be a string");
            rule.allowed.push_back(v.extract<std::string>());
        }
    }
    if (o.has("pattern")) {
        if (!is_string) schema_error(path + ".pattern", "applies to strings only");
        rule.pattern_text = string_at(o, "pattern", path);
        try {
            rule.pattern = std::make_shared<Poco::RegularExpression>(rule.pattern_text);
        } catch (const Poco::Exception& e) {
            schema_error(path + ".pattern", "is not a valid regular expression: " + e.message());
        }
    }
    if (o.has("fields")) {
        if (!is_object) schema_error(path + ".fields", "applies to objects only");
        rule.fields = read_fields(o.get("fields"), path + ".fields");
    }
    if (o.has("additional")) {
        if (!is_object) schema_error(path + ".additional", "applies to objects only");
        rule.additional = bool_at(o, "additional", path, true);
    }
    return rule;
}

std::map<std::string, FieldRule> read_fields(const Var& v, const std::string& path) {
    std::map<std::string, FieldRule> fields;
    for (const auto& [key, value] : *object_at(v, path))
        fields.emplace(key, read_rule(*object_at(value, path + "." + key), path + "." + key));
    return fields;
}

std::string with_article(FieldRule::Type t) {
    std::string name = type_name(t);
    return (std::string("aeiou").find(name[0]) != std::string::npos ? "an " : "a ") + name;
}

bool has_type(const Var& v, FieldRule::Type type) {
    // Poco counts a boolean as an integer and a number; JSON does not.
    if (v.isBoolean()) return type == FieldRule::Type::boolean;
    switch (type) {
        case FieldRule::Type::string:
            return v.isString();
        case FieldRule::Type::number:
            return v.isNumeric();
        case FieldRule::Type::integer:
            if (v.isInteger()) return true;
            // 3.0 is an integer written as a float; 3.5 is not.
            if (v.isNumeric()) {
                double d = v.convert<double>();
                return std::abs(d) < 9.0e15 && d == std::trunc(d);
            }
            return false;
        case FieldRule::Type::boolean:
            return v.isBoolean();
        case FieldRule::Type::object:
            return v.type() == typeid(Object::Ptr);
        case FieldRule::Type::array:
            return v.type() == typeid(Array::Ptr);
    }
    return false;
}

std::optional<Error> check_object(const FieldRule& rule, const Object& o, const std::string& path);

std::optional<Error> check_value(const FieldRule& rule, const Var& v, const std::string& path) {
    if (!has_type(v, rule.type)) return Error{code::invalid_field, path + " must be " + with_article(rule.type), path};
    if (rule.type == FieldRule::Type::string) {
        const std::string& s = v.extract<std::string>();
        if (rule.max_length && utf8_length(s) > *rule.max_length)
            return Error{code::invalid_field,
                         path + " must be at most " + std::to_string(*rule.max_length) + " characters", path};
        if (!rule.allowed.empty() && std::find(rule.allowed.begin(), rule.allowed.end(), s) == rule.allowed.end()) {
            std::string list;
            for (const auto& a : rule.allowed) list += (list.empty() ? "" : ", ") + a;
            return Error{code::invalid_field, path + " must be one of: " + list, path};
        }
        Poco::RegularExpression::Match found;
        if (rule.pattern && rule.pattern->match(s, found) == 0)
            return Error{code::invalid_field, path + " must match " + rule.pattern_text, path};
    }
    if (rule.type == FieldRule::Type::object) return check_object(rule, *v.extract<Object::Ptr>(), path);
    return std::nullopt;
}

std::optional<Error> check_object(const FieldRule& rule, const Object& o, const std::string& path) {
    for (const auto& [name, field] : rule.fields) {
        std::string at = path + "." + name;
        if (!o.has(name) || o.isNull(name)) {
            if (field.required) return Error{code::missing_field, at + " is required", at};
            continue;
        }
        if (auto e = check_value(field, o.get(name), at)) return e;
    }
    if (!rule.additional)
        for (const auto& [name, value] : o)
            if (!rule.fields.count(name))
                return Error{code::unexpected_field, path + "." + name + " is not a field of this event type",
                             path + "." + name};
    return std::nullopt;
}

}  // namespace

EventSchemas EventSchemas::parse(const std::string& text) {
    auto parsed = parse_json(text);
    if (auto* error = std::get_if<Error>(&parsed)) throw SchemaError(error->message);
    Var root = std::get<Var>(parsed);
    auto top = object_at(root, "(top level)");
    check_keys(*top, "(top level)", {"types"});
    auto types = top->getArray("types");
    if (!types) schema_error("types", "must be an array of event types");

    EventSchemas schemas;
    for (std::size_t i = 0; i < types->size(); ++i) {
        std::string path = "types[" + std::to_string(i) + "]";
        auto t = object_at(types->get(static_cast<unsigned>(i)), path);
        check_keys(*t, path, {"category", "name", "fields", "additional"});
        FieldRule payload;
        payload.type = FieldRule::Type::object;
        if (t->has("fields")) payload.fields = read_fields(t->get("fields"), path + ".fields");
        payload.additional = bool_at(*t, "additional", path, true);
        auto key = std::make_pair(string_at(*t, "category", path), string_at(*t, "name", path));
        if (!schemas.types_.emplace(key, std::move(payload)).second)
            schema_error(path, "declares " + key.first + "/" + key.second + " a second time");
    }
    return schemas;
}

const char* EventSchemas::builtin_text() {
    return R"json({"types": [
  {"category": "page interaction", "name": "pageview",
   "fields": {"host": {"type": "string", "max_length": 255},
              "path": {"type": "string", "max_length": 2048}}},
  {"category": "page interaction", "name": "cta click",
   "fields": {"host": {"type": "string", "max_length": 255},
              "path": {"type": "string", "max_length": 2048},
              "element": {"type": "string", "max_length": 255}}},
  {"category": "form interaction", "name": "submit",
   "fields": {"host": {"type": "string", "max_length": 255},
              "path": {"type": "string", "max_length": 2048},
              "form": {"type": "object",
                       "fields": {"first_name": {"type": "string", "max_length": 255, "required": false},
                                  "last_name": {"type": "string", "max_length": 255, "required": false}}}}}
]})json";
}

EventSchemas EventSchemas::builtin() {
    return parse(builtin_text());
}

const FieldRule* EventSchemas::find(const std::string& category, const std::string& name) const {
    auto it = types_.find({category, name});
    return it == types_.end() ? nullptr : &it->second;
}

std::optional<Error> validate_payload(const FieldRule& rule, const Poco::JSON::Object& data) {
    return check_object(rule, data, "data");
}

}  // namespace eye
