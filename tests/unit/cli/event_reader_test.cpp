// eye's EventReader: NDJSON lines and JSON arrays split into one-line events, in bounded memory.
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "event_reader.hpp"
#include "exit_codes.hpp"

using namespace eye::cli;

namespace {

std::vector<std::string> read_all(const std::string& text) {
    std::istringstream in(text);
    EventReader reader(in);
    std::vector<std::string> events;
    for (std::string e; reader.next(e);) events.push_back(e);
    return events;
}

}  // namespace

TEST_CASE("NDJSON: one event per line, blank lines and CRs dropped", "[event_reader]") {
    CHECK(read_all("{\"a\":1}\n\n  \n{\"b\":2}\r\n{\"c\":3}") ==
          std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"});
    CHECK(read_all("").empty());
    CHECK(read_all(" \n\t\n").empty());
}

TEST_CASE("an array is cut at its top-level commas only", "[event_reader]") {
    auto events = read_all(R"(  [ {"a": [1, 2], "s": "x,]}\"y"} ,
        {"b": {"c": ","}} ])");
    REQUIRE(events.size() == 2);
    CHECK(events[0] == R"( {"a": [1, 2], "s": "x,]}\"y"} )");
    CHECK(events[1] == R"(         {"b": {"c": ","}} )");
}

TEST_CASE("a line break inside an element becomes a space, so every event is one line", "[event_reader]") {
    auto events = read_all("[{\"a\":\n1}]");
    REQUIRE(events.size() == 1);
    CHECK(events[0] == "{\"a\": 1}");
}

TEST_CASE("empty arrays and trailing commas yield nothing more", "[event_reader]") {
    CHECK(read_all("[]").empty());
    CHECK(read_all("[ ]").empty());
    CHECK(read_all("[{\"a\":1},]") == std::vector<std::string>{"{\"a\":1}"});
}

TEST_CASE("an array cut short is a usage error, not a silent partial read", "[event_reader]") {
    std::istringstream in("[{\"a\":1}, {\"b\":");
    EventReader reader(in);
    std::string e;
    REQUIRE(reader.next(e));
    CHECK_THROWS_AS(reader.next(e), UsageError);
}

TEST_CASE("bytes_read counts what was consumed, for the progress bar", "[event_reader]") {
    std::string text = "{\"a\":1}\n{\"b\":2}\n";
    std::istringstream in(text);
    EventReader reader(in);
    std::string e;
    while (reader.next(e)) {
    }
    CHECK(reader.bytes_read() == text.size());
}

TEST_CASE("a raw line break inside a string of an array is refused (found by fuzzing)", "[event_reader]") {
    std::istringstream in("[{\"a\":\"x\ny\"}]");
    EventReader reader(in);
    std::string e;
    CHECK_THROWS_AS(reader.next(e), UsageError);
}

TEST_CASE("bytes_read does not count a newline the last line lacks (found by fuzzing)", "[event_reader]") {
    std::string text = "{\"a\":1}\n{\"b\":2}";
    std::istringstream in(text);
    EventReader reader(in);
    std::string e;
    while (reader.next(e)) {
    }
    CHECK(reader.bytes_read() == text.size());
}

TEST_CASE("each event knows the input line it begins on, for reporting rejections", "[event_reader]") {
    auto lines_of = [](const std::string& text) {
        std::istringstream in(text);
        EventReader reader(in);
        std::vector<std::size_t> lines;
        for (std::string e; reader.next(e);) lines.push_back(reader.line());
        return lines;
    };
    CHECK(lines_of("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}\n") == std::vector<std::size_t>{1, 3, 4});
    CHECK(lines_of("\n\n{\"a\":1}\n") == std::vector<std::size_t>{3});
    CHECK(lines_of("[\n  {\"a\": 1},\n  {\"b\":\n    \"x\\ny\"},\n\n  {\"c\": 3}\n]\n") ==
          std::vector<std::size_t>{2, 3, 6});
}
