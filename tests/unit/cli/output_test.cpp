// eye's Printer: table layout and cutting, compact payloads, CSV quoting, NDJSON and JSON.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "json_text.hpp"
#include "output.hpp"
#include "utf8.hpp"

using namespace eye::cli;

namespace {

Poco::JSON::Object::Ptr object(const std::string& json) {
    return eye::parse_json_or_throw(json, eye::KeyOrder::kept).extract<Poco::JSON::Object::Ptr>();
}

std::string print(Style style, const std::vector<Column>& columns, const std::vector<std::string>& rows) {
    std::ostringstream out;
    Printer printer(out, style, columns);
    for (const auto& r : rows) printer.row(object(r));
    printer.finish();
    return out.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
}

const char* event = R"({"id":7,"session_id":"e2085be5-9137-4e4e-80b5-f1ffddc25423","category":"page interaction",)"
                    R"("name":"cta click","data":{"host":"www.example.com","path":"/signup","element":"chat bubble"},)"
                    R"("timestamp":"2021-01-01T09:15:27.243860Z","app":"web"})";

}  // namespace

TEST_CASE("compact payloads: key=value, quoted only when needed, nested values as JSON", "[output]") {
    CHECK(compact_payload(object(R"({"host":"a","path":"/signup"})")) == "host=a path=/signup");
    CHECK(compact_payload(object(R"({"e":"chat bubble","q":"a=b","n":3,"o":{"x":[1]}})")) ==
          R"(e="chat bubble" n=3 o={"x":[1]} q="a=b")");  // keys sorted, as stored
    CHECK(compact_payload(object(R"({"empty":""})")) == R"(empty="")");
    CHECK(compact_payload(eye::parse_json_or_throw("[1,2]")) == "[1,2]");
}

TEST_CASE("an 80-column table gives the payload the room the other columns can spare", "[output]") {
    auto out = lines(print({Format::table, false, 80}, event_columns(), {event}));
    REQUIRE(out.size() == 2);
    for (const auto& l : out) CHECK(eye::utf8_length(l) <= 80);
    CHECK(out[1].find("2021-01-01 09:15:27") != std::string::npos);  // time to the second
    CHECK(out[1].find("e2085be…") != std::string::npos);             // the session cut first
    INFO(out[1]);
    CHECK(out[1].find(R"(element="chat bubbl…)") != std::string::npos);  // 20 of 80 columns
}

TEST_CASE("a wide table shows every cell whole", "[output]") {
    auto out = lines(print({Format::table, true, 80}, event_columns(), {event}));
    REQUIRE(out.size() == 2);
    CHECK(out[1].find("2021-01-01T09:15:27.243860Z") != std::string::npos);
    CHECK(out[1].find("e2085be5-9137-4e4e-80b5-f1ffddc25423") != std::string::npos);
    CHECK(out[1].find(R"({"host":"www.example.com","path":"/signup","element":"chat bubble"})") != std::string::npos);
}

TEST_CASE("a table names the zone of its times and shows them in it; machine formats stay UTC", "[output]") {
    Style local{Format::table, false, 200, eye::cli::Zone::local};
    setenv("TZ", "EST+5", 1);
    tzset();
    auto out = lines(print(local, event_columns(), {event}));
    auto csv = lines(print({Format::csv, false, 200, eye::cli::Zone::local}, event_columns(), {event}));
    unsetenv("TZ");
    tzset();
    REQUIRE(out.size() == 2);
    CHECK(out[0].find("TIME (EST)") != std::string::npos);
    CHECK(out[1].find("2021-01-01 04:15:27") != std::string::npos);
    CHECK(lines(print({Format::table, false, 200}, event_columns(), {event}))[0].find("TIME (UTC)") !=
          std::string::npos);
    REQUIRE(csv.size() == 2);
    CHECK(csv[1].find("2021-01-01T09:15:27.243860Z") != std::string::npos);
}

TEST_CASE("table columns line up on the widest cell, UTF-8 counted in characters", "[output]") {
    auto out = lines(print({Format::table, false, 200}, {{"a", "A"}, {"b", "B"}},
                           {R"({"a":"ü","b":"x"})", R"({"a":"long","b":"y"})"}));
    REQUIRE(out.size() == 3);
    CHECK(out[0] == "A     B");
    CHECK(out[1] == "ü     x");
    CHECK(out[2] == "long  y");
}

TEST_CASE("CSV quotes commas, quotes and newlines per RFC 4180; missing values are empty", "[output]") {
    auto out = print({Format::csv, false, 80}, {{"a", "A"}, {"b", "B"}},
                     {R"({"a":"x,y","b":"say \"hi\""})", R"({"a":"two\nlines"})", R"({"a":null,"b":1})"});
    CHECK(out == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n,1\n");
}

TEST_CASE("NDJSON is one object per line, JSON one array; both keep the daemon's key order", "[output]") {
    std::vector<std::string> rows{R"({"z":1,"a":"x"})", R"({"z":2,"a":"y"})"};
    CHECK(print({Format::ndjson, false, 80}, {{"z", "Z"}}, rows) == "{\"z\":1,\"a\":\"x\"}\n{\"z\":2,\"a\":\"y\"}\n");
    auto json = print({Format::json, false, 80}, {{"z", "Z"}}, rows);
    auto parsed = eye::parse_json_or_throw(json).extract<Poco::JSON::Array::Ptr>();
    CHECK(parsed->size() == 2);
    CHECK(json.find("\"z\"") < json.find("\"a\""));
    CHECK(print({Format::json, false, 80}, {{"z", "Z"}}, {}) == "[]\n");
}

TEST_CASE("a table shows a list joined and an offset in seconds; CSV keeps the values", "[output]") {
    std::vector<Column> columns{{"apps", "APPS", Cell::list}, {"offset_s", "OFFSET", Cell::offset}};
    const char* row = R"({"apps":["mobile","web"],"offset_s":12.4167})";
    auto table = lines(print(Style{Format::table, false, 80}, columns, {row}));
    REQUIRE(table.size() == 2);
    CHECK(table[1] == "mobile, web  +12.417s");
    auto csv = lines(print(Style{Format::csv, false, 80}, columns, {row}));
    REQUIRE(csv.size() == 2);
    CHECK(csv[1] == R"("[""mobile"",""web""]",12.4167)");
}

TEST_CASE("a cut table's last line groups thousands", "[output]") {
    CHECK(shown_of(20, 1234) == "20 of 1,234 shown");
    CHECK(shown_of(1000, 1234567) == "1,000 of 1,234,567 shown");
    CHECK(shown_of(5, 7) == "5 of 7 shown");
    CHECK(shown_of(10, 10000, false) == "10 of more than 10,000 shown");
}

TEST_CASE("one record: key/value lines on a terminal, the object itself in JSON", "[output]") {
    std::ostringstream table, json;
    print_record(table, {Format::table, false, 80}, event_columns(), object(event));
    auto out = lines(table.str());
    REQUIRE(out.size() == event_columns().size());
    CHECK(out[0] == "id          7");
    CHECK(out[1] == "timestamp   2021-01-01 09:15:27 (UTC)");
    CHECK(out[6] == R"(data        element="chat bubble" host=www.example.com path=/signup)");
    print_record(json, {Format::json, false, 80}, event_columns(), object(event));
    CHECK(json.str().front() == '{');
}

TEST_CASE("a coloured table has a bold heading and plain rows; widths ignore the escapes", "[output]") {
    Style colour{Format::table, false, 200, eye::cli::Zone::utc, true};
    auto out = lines(print(colour, {{"a", "A"}, {"b", "B"}}, {R"({"a":"long","b":"y"})"}));
    REQUIRE(out.size() == 2);
    CHECK(out[0] == "\x1b[1mA     B\x1b[0m");
    CHECK(out[1] == "long  y");
}
