#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include "event_parser.hpp"
#include "event_schema.hpp"

using namespace eye;

namespace {

Poco::JSON::Object::Ptr object(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

// The payload rule of a one-type schema whose "fields" are `fields`.
FieldRule rule_of(const std::string& fields, const std::string& extra = "") {
    static std::vector<EventSchemas> keep;  // the rule lives inside its schemas
    keep.push_back(
        EventSchemas::parse(R"({"types": [{"category": "c", "name": "n", "fields": )" + fields + extra + "}]}"));
    return *keep.back().find("c", "n");
}

std::optional<Error> check(const FieldRule& rule, const std::string& data) {
    return validate_payload(rule, *object(data));
}

std::string schema_error(const std::string& text) {
    try {
        EventSchemas::parse(text);
    } catch (const SchemaError& e) {
        return e.what();
    }
    FAIL("schema accepted: " << text);
    return "";
}

}  // namespace

TEST_CASE("each type is checked", "[schema]") {
    FieldRule rule = rule_of(R"({"s": {"type": "string"}, "n": {"type": "number"}, "i": {"type": "integer"},
                                 "b": {"type": "boolean"}, "o": {"type": "object"}, "a": {"type": "array"}})");
    CHECK_FALSE(check(rule, R"({"s": "x", "n": 1.5, "i": 3, "b": false, "o": {}, "a": []})"));
    CHECK_FALSE(check(rule, R"({"s": "x", "n": 2, "i": 3.0, "b": true, "o": {"k": 1}, "a": [1]})"));
    auto wrong = [&](const std::string& field, const std::string& value) {
        std::string data = R"({"s": "x", "n": 1, "i": 1, "b": true, "o": {}, "a": []})";
        auto o = object(data);
        Poco::JSON::Parser parser;
        o->set(field, parser.parse("[" + value + "]").extract<Poco::JSON::Array::Ptr>()->get(0));
        auto e = validate_payload(rule, *o);
        REQUIRE(e);
        CHECK(e->code == code::invalid_field);
        CHECK(e->field == "data." + field);
        return e->message;
    };
    CHECK(wrong("s", "5") == "data.s must be a string");
    CHECK(wrong("n", "\"5\"") == "data.n must be a number");
    CHECK(wrong("i", "2.5") == "data.i must be an integer");
    CHECK(wrong("b", "\"true\"") == "data.b must be a boolean");
    CHECK(wrong("o", "[]") == "data.o must be an object");
    CHECK(wrong("a", "{}") == "data.a must be an array");
}

TEST_CASE("fields are required unless declared optional", "[schema]") {
    FieldRule rule = rule_of(R"({"host": {"type": "string"}, "ref": {"type": "string", "required": false}})");
    CHECK_FALSE(check(rule, R"({"host": "h"})"));
    auto e = check(rule, R"({"ref": "r"})");
    REQUIRE(e);
    CHECK(e->code == code::missing_field);
    CHECK(e->field == "data.host");
    CHECK(check(rule, R"({"host": null})")->code == code::missing_field);
    CHECK(check(rule, R"({"host": "h", "ref": 1})")->field == "data.ref");
}

TEST_CASE("string rules: max length, enum, pattern", "[schema]") {
    FieldRule rule = rule_of(R"({"code": {"type": "string", "max_length": 3},
                                 "plan": {"type": "string", "enum": ["free", "pro"]},
                                 "path": {"type": "string", "pattern": "^/[a-z/]*$"}})");
    CHECK_FALSE(check(rule, R"({"code": "abc", "plan": "pro", "path": "/a/b"})"));
    CHECK_FALSE(check(rule, R"({"code": "äöü", "plan": "free", "path": "/"})"));  // characters, not bytes
    CHECK(check(rule, R"({"code": "abcd", "plan": "pro", "path": "/"})")->message ==
          "data.code must be at most 3 characters");
    CHECK(check(rule, R"({"code": "a", "plan": "gold", "path": "/"})")->message ==
          "data.plan must be one of: free, pro");
    CHECK(check(rule, R"({"code": "a", "plan": "pro", "path": "no-slash"})")->message ==
          "data.path must match ^/[a-z/]*$");
}

TEST_CASE("nested objects name the full path", "[schema]") {
    FieldRule rule = rule_of(R"({"form": {"type": "object", "fields": {
                                    "first_name": {"type": "string", "max_length": 5},
                                    "address": {"type": "object", "fields": {"zip": {"type": "string"}}}}}})");
    CHECK_FALSE(check(rule, R"({"form": {"first_name": "John", "address": {"zip": "1234"}}})"));
    auto e = check(rule, R"({"form": {"first_name": "Johnathan", "address": {"zip": "1"}}})");
    REQUIRE(e);
    CHECK(e->field == "data.form.first_name");
    CHECK(check(rule, R"({"form": {"first_name": "J", "address": {}}})")->field == "data.form.address.zip");
    CHECK(check(rule, R"({"form": {"first_name": "J"}})")->field == "data.form.address");
}

TEST_CASE("extra fields are accepted unless the type says additional: false", "[schema]") {
    FieldRule open = rule_of(R"({"host": {"type": "string"}})");
    CHECK_FALSE(check(open, R"({"host": "h", "utm": "x"})"));
    FieldRule closed = rule_of(R"({"host": {"type": "string"}})", R"(, "additional": false)");
    auto e = check(closed, R"({"host": "h", "utm": "x"})");
    REQUIRE(e);
    CHECK(e->code == code::unexpected_field);
    CHECK(e->field == "data.utm");
    FieldRule nested =
        rule_of(R"({"form": {"type": "object", "additional": false, "fields": {"a": {"type": "string"}}}})");
    CHECK(check(nested, R"({"form": {"a": "x", "b": 1}})")->field == "data.form.b");
}

TEST_CASE("schema file errors name the place in the file", "[schema]") {
    CHECK_THAT(schema_error("{\"types\": [}"), Catch::StartsWith("not valid JSON"));
    CHECK(schema_error(R"({"types": {}})") == "types: must be an array of event types");
    CHECK(schema_error(R"({"kinds": []})") == "(top level).kinds: is not part of the schema language");
    CHECK(schema_error(R"({"types": [{"category": "c", "name": "n", "fields": {"x": {"type": "strng"}}}]})") ==
          "types[0].fields.x.type: unknown type \"strng\" (string, number, integer, boolean, object, array)");
    CHECK(schema_error(R"({"types": [{"category": "c", "fields": {}}]})") == "types[0].name: is required");
    CHECK(schema_error(
              R"({"types": [{"category": "c", "name": "n", "fields": {"x": {"type": "number", "max_length": 3}}}]})") ==
          "types[0].fields.x.max_length: applies to strings only");
    CHECK(schema_error(
              R"({"types": [{"category": "c", "name": "n", "fields": {"x": {"type": "string", "maxlen": 3}}}]})") ==
          "types[0].fields.x.maxlen: is not part of the schema language");
    CHECK_THAT(
        schema_error(
            R"({"types": [{"category": "c", "name": "n", "fields": {"x": {"type": "string", "pattern": "("}}}]})"),
        Catch::StartsWith("types[0].fields.x.pattern: is not a valid regular expression"));
    CHECK(schema_error(R"({"types": [{"category": "c", "name": "n"}, {"category": "c", "name": "n"}]})") ==
          "types[1]: declares c/n a second time");
    CHECK(
        schema_error(
            R"({"types": [{"category": "c", "name": "n", "fields": {"f": {"type": "object", "fields": {"g": {"type": "integer", "required": "yes"}}}}}]})") ==
        "types[0].fields.f.fields.g.required: must be true or false");
}

TEST_CASE("the built-in schemas declare the three documented types", "[schema]") {
    ValidationRules rules;
    rules.schemas = std::make_shared<EventSchemas>(EventSchemas::builtin());
    CHECK(rules.schemas->size() == 3);
    Micros now = *parse_timestamp("2021-06-01T00:00:00Z");
    auto parse = [&](const std::string& json) { return parse_event(json, now, rules); };
    CHECK(std::holds_alternative<Event>(
        parse(R"({"session_id":"s","category":"page interaction","name":"pageview","data":{"host":"h","path":"/"}})")));
    CHECK(std::holds_alternative<Event>(parse(
        R"({"session_id":"s","category":"page interaction","name":"cta click","data":{"host":"h","path":"/","element":"chat bubble"}})")));
    CHECK(std::holds_alternative<Event>(parse(
        R"({"session_id":"s","category":"form interaction","name":"submit","data":{"host":"h","path":"/","form":{"first_name":"John","last_name":"Doe"}}})")));
    auto e = std::get<Error>(
        parse(R"({"session_id":"s","category":"page interaction","name":"cta click","data":{"host":"h","path":"/"}})"));
    CHECK(e.code == code::missing_field);
    CHECK(e.field == "data.element");
    auto nested = std::get<Error>(parse(
        R"({"session_id":"s","category":"form interaction","name":"submit","data":{"host":"h","path":"/","form":{"first_name":7}}})"));
    CHECK(nested.field == "data.form.first_name");
    // Undeclared types pass unless types are strict.
    CHECK(std::holds_alternative<Event>(parse(R"({"session_id":"s","category":"video","name":"play"})")));
    rules.strict_types = true;
    auto strict = std::get<Error>(parse(R"({"session_id":"s","category":"video","name":"play"})"));
    CHECK(strict.code == code::unknown_type);
}

TEST_CASE("timestamps: the future tolerance and the floor, exactly at their edges", "[schema][timestamp]") {
    ValidationRules rules;  // 5 minutes, 2000-01-01
    Micros now = *parse_timestamp("2021-06-01T12:00:00Z");
    auto at = [&](const std::string& ts) {
        return parse_event(R"({"session_id":"s","category":"c","name":"n","timestamp":")" + ts + "\"}", now, rules);
    };
    CHECK(std::holds_alternative<Event>(at("2021-06-01T12:05:00Z")));  // exactly at the tolerance
    auto ahead = std::get<Error>(at("2021-06-01T12:05:00.000001Z"));
    CHECK(ahead.code == code::future_timestamp);
    CHECK(ahead.field == "timestamp");
    CHECK(std::holds_alternative<Event>(at("2000-01-01T00:00:00Z")));  // exactly at the floor
    CHECK(std::get<Error>(at("1999-12-31T23:59:59.999999Z")).code == code::invalid_timestamp);
    rules.future_tolerance = 0;
    CHECK(std::holds_alternative<Event>(at("2021-06-01T12:00:00Z")));
    CHECK(std::get<Error>(at("2021-06-01T12:00:00.000001Z")).code == code::future_timestamp);
}

TEST_CASE("booleans are not numbers, and patterns search the string", "[schema]") {
    FieldRule rule =
        rule_of(R"({"n": {"type": "number", "required": false}, "i": {"type": "integer", "required": false},
                                 "ref": {"type": "string", "pattern": "[0-9]+", "required": false}})");
    CHECK(check(rule, R"({"n": true})")->field == "data.n");
    CHECK(check(rule, R"({"i": false})")->field == "data.i");
    CHECK(check(rule, R"({"i": 1e300})")->field == "data.i");
    CHECK_FALSE(check(rule, R"({"ref": "order-123"})"));  // found inside, as in JSON Schema
    CHECK(check(rule, R"({"ref": "none"})")->field == "data.ref");
    CHECK(
        schema_error(
            R"({"types": [{"category": "c", "name": "n", "fields": {"x": {"type": "string", "max_length": true}}}]})") ==
        "types[0].fields.x.max_length: must be a positive integer");
}
