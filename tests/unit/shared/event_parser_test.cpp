#include <catch2/catch.hpp>

#include "event_parser.hpp"

using namespace eye;

namespace {

constexpr Micros received = 1700000000000000;

Event accept(const std::string& json) {
    ParsedEvent r = parse_event(json, received);
    if (auto* e = std::get_if<Error>(&r)) FAIL("refused: " << e->code << " " << e->message);
    return std::get<Event>(r);
}

Error refuse(const std::string& json) {
    ParsedEvent r = parse_event(json, received);
    REQUIRE(std::holds_alternative<Error>(r));
    return std::get<Error>(r);
}

}  // namespace

TEST_CASE("the documented example event is accepted", "[event_parser]") {
    Event e = accept(R"({"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423",
        "category": "page interaction", "name": "cta click",
        "data": {"host": "www.consumeraffairs.com", "path": "/", "element": "chat bubble"},
        "timestamp": "2021-01-01 09:15:27.243860"})");
    CHECK(e.session_id == "e2085be5-9137-4e4e-80b5-f1ffddc25423");
    CHECK(e.category == "page interaction");
    CHECK(e.name == "cta click");
    CHECK(e.data == R"({"element":"chat bubble","host":"www.consumeraffairs.com","path":"/"})");
    CHECK(format_timestamp(e.timestamp) == "2021-01-01T09:15:27.243860Z");
    CHECK(e.received_at == received);
    CHECK(e.fingerprint.size() == 32);
}

TEST_CASE("data defaults to {} and timestamp to the receive time", "[event_parser]") {
    Event e = accept(R"({"session_id":"s","category":"c","name":"n"})");
    CHECK(e.data == "{}");
    CHECK(e.timestamp == received);
    Event n = accept(R"({"session_id":"s","category":"c","name":"n","data":null,"timestamp":null})");
    CHECK(n.data == "{}");
    CHECK(n.timestamp == received);
}

TEST_CASE("malformed JSON and non-objects are invalid_json", "[event_parser]") {
    CHECK(refuse("{").code == code::invalid_json);
    CHECK(refuse("").code == code::invalid_json);
    CHECK(refuse(R"({"session_id":"s"} trailing)").code == code::invalid_json);
    CHECK(refuse("[1,2]").code == code::invalid_json);
    CHECK(refuse("\"text\"").code == code::invalid_json);
}

TEST_CASE("each required field is named when missing", "[event_parser]") {
    Error e = refuse(R"({"category":"c","name":"n"})");
    CHECK(e.code == code::missing_field);
    CHECK(e.field == "session_id");
    CHECK(refuse(R"({"session_id":"s","name":"n"})").field == "category");
    CHECK(refuse(R"({"session_id":"s","category":"c"})").field == "name");
}

TEST_CASE("fields of the wrong type or size are invalid_field", "[event_parser]") {
    auto check = [](const std::string& json, const char* field) {
        Error e = refuse(json);
        CHECK(e.code == code::invalid_field);
        CHECK(e.field == field);
    };
    check(R"({"session_id":5,"category":"c","name":"n"})", "session_id");
    check(R"({"session_id":"","category":"c","name":"n"})", "session_id");
    check(R"({"session_id":"s","category":["c"],"name":"n"})", "category");
    check(R"({"session_id":"s","category":"c","name":"n","data":[1]})", "data");
    check(R"({"session_id":"s","category":"c","name":"n","data":"x"})", "data");
    check(R"({"session_id":"s","category":"c","name":"n","timestamp":"soon"})", "timestamp");
    check(R"({"session_id":"s","category":"c","name":"n","timestamp":1609492527})", "timestamp");
    check(R"({"session_id":"s","category":"c","name":"n","timestamp":"2021-05-20"})", "timestamp");
    std::string long_name(256, 'x');
    check(R"({"session_id":"s","category":"c","name":")" + long_name + "\"}", "name");
    check(R"({"session_id":"s","category":"c","name":"n","event_id":")" + std::string(129, 'e') + "\"}", "event_id");
}

TEST_CASE("length limits count characters, not bytes", "[event_parser]") {
    std::string name;
    for (int i = 0; i < 255; ++i) name += "é";
    Event e = accept(R"({"session_id":"s","category":"c","name":")" + name + "\"}");
    CHECK(e.name == name);
}

TEST_CASE("unknown top-level fields are refused, rendered ones ignored", "[event_parser]") {
    Error e = refuse(R"({"session_id":"s","category":"c","name":"n","timestmap":"2021-01-01"})");
    CHECK(e.code == code::unexpected_field);
    CHECK(e.field == "timestmap");
    Event ok = accept(R"({"id":7,"app":"web","session_id":"s","category":"c","name":"n"})");
    CHECK(ok.id == 0);
}

TEST_CASE("the payload is canonical: key order and spaces do not matter", "[event_parser][fingerprint]") {
    Event a = accept(R"({"session_id":"s","category":"c","name":"n","timestamp":"2021-01-01T00:00:00Z",
                        "data":{"b":1,"a":{"y":2,"x":[1, 2]}}})");
    Event b = accept(R"({"name":"n","data":{ "a" : {"x":[1,2],"y":2}, "b" : 1 },"category":"c",
                        "timestamp":"2021-01-01 01:00:00+01:00","session_id":"s"})");
    CHECK(a.data == R"({"a":{"x":[1,2],"y":2},"b":1})");
    CHECK(a.data == b.data);
    CHECK(a.fingerprint == b.fingerprint);
}

TEST_CASE("the fingerprint tells different events apart", "[fingerprint]") {
    const std::string base = R"("category":"c","name":"n","timestamp":"2021-01-01T00:00:00Z")";
    Event a = accept(R"({"session_id":"s",)" + base + R"(,"data":{"k":1}})");
    CHECK(a.fingerprint != accept(R"({"session_id":"t",)" + base + R"(,"data":{"k":1}})").fingerprint);
    CHECK(a.fingerprint != accept(R"({"session_id":"s",)" + base + R"(,"data":{"k":2}})").fingerprint);
    CHECK(a.fingerprint != accept(R"({"session_id":"s","category":"c","name":"n","data":{"k":1},
                                      "timestamp":"2021-01-01T00:00:00.000001Z"})")
                               .fingerprint);
    // Field boundaries are part of the hash: moving a character between fields changes it.
    Event x = accept(R"({"session_id":"ab","category":"c","name":"n","timestamp":"2021-01-01T00:00:00Z"})");
    Event y = accept(R"({"session_id":"a","category":"bc","name":"n","timestamp":"2021-01-01T00:00:00Z"})");
    CHECK(x.fingerprint != y.fingerprint);
}

TEST_CASE("a client event_id decides identity on its own", "[fingerprint]") {
    Event a = accept(R"({"session_id":"s","category":"c","name":"n","event_id":"k1","data":{"v":1}})");
    Event b = accept(R"({"session_id":"s","category":"c","name":"n","event_id":"k1","data":{"v":2}})");
    Event c = accept(R"({"session_id":"s","category":"c","name":"n","event_id":"k2","data":{"v":1}})");
    CHECK(a.fingerprint == b.fingerprint);
    CHECK(a.fingerprint != c.fingerprint);
    CHECK(a.event_id == "k1");
}

TEST_CASE("identity is per sending application", "[fingerprint]") {
    const std::string json = R"({"session_id":"s","category":"c","name":"n","timestamp":"2021-01-01T00:00:00Z"})";
    Event web = std::get<Event>(parse_event(json, received, {}, "web"));
    Event web_again = std::get<Event>(parse_event(json, received, {}, "web"));
    Event mobile = std::get<Event>(parse_event(json, received, {}, "mobile"));
    CHECK(web.app == "web");
    CHECK(web.fingerprint == web_again.fingerprint);
    CHECK(web.fingerprint != mobile.fingerprint);
    const std::string keyed = R"({"session_id":"s","category":"c","name":"n","event_id":"k"})";
    CHECK(std::get<Event>(parse_event(keyed, received, {}, "web")).fingerprint !=
          std::get<Event>(parse_event(keyed, received, {}, "mobile")).fingerprint);
}

TEST_CASE("events without their own timestamp or event_id are never taken for duplicates", "[fingerprint]") {
    // Two identical pageviews in one batch share the receive time; they are still two events.
    const std::string json = R"({"session_id":"s","category":"c","name":"n"})";
    Event a = std::get<Event>(parse_event(json, received));
    Event b = std::get<Event>(parse_event(json, received));
    CHECK(a.timestamp == b.timestamp);
    CHECK(a.fingerprint.size() == 32);
    CHECK(a.fingerprint != b.fingerprint);
    // An event_id still identifies them.
    const std::string keyed = R"({"session_id":"s","category":"c","name":"n","event_id":"k"})";
    CHECK(std::get<Event>(parse_event(keyed, received)).fingerprint ==
          std::get<Event>(parse_event(keyed, received)).fingerprint);
}
