// Event types: per category + name, the fields a payload must (or may) have and their rules.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/RegularExpression.h>

#include "error.hpp"

namespace eye {

struct FieldRule {
    enum class Type { string, number, integer, boolean, object, array };
    Type type = Type::object;
    bool required = true;
    // Strings only.
    std::optional<std::size_t> max_length;
    std::vector<std::string> allowed;  // `enum`: the only values accepted, when not empty
    std::shared_ptr<const Poco::RegularExpression> pattern;
    std::string pattern_text;
    // Objects only.
    std::map<std::string, FieldRule> fields;
    bool additional = true;  // fields the rule does not name are accepted (and stored)
};

// A schema file is wrong; what() names the file's field path ("types[1].fields.form.type") or
// the JSON syntax error.
class SchemaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class EventSchemas {
public:
    // Parses a schema file's text:
    // {"types": [{"category": C, "name": N, "fields": {NAME: RULE, ...}, "additional": BOOL}, ...]}
    // with RULE = {"type": T, "required": BOOL, "max_length": N, "enum": [...], "pattern": RE,
    //              "fields": {...}, "additional": BOOL}.
    static EventSchemas parse(const std::string& text);

    // The three documented types: page interaction/pageview, page interaction/cta click,
    // form interaction/submit.
    static EventSchemas builtin();
    static const char* builtin_text();

    // The payload rule of a type, or null when the type is not declared.
    const FieldRule* find(const std::string& category, const std::string& name) const;
    std::size_t size() const { return types_.size(); }

private:
    std::map<std::pair<std::string, std::string>, FieldRule> types_;
};

// Checks a payload against its type's rule; the error's field is the full path
// ("data.form.first_name").
std::optional<Error> validate_payload(const FieldRule& rule, const Poco::JSON::Object& data);

}  // namespace eye
