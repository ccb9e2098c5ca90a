// JsonStringState: which bytes of JSON text are inside a string literal.
#include <string>

#include <catch2/catch.hpp>

#include "json_string_state.hpp"

namespace {
// One character per byte: 's' inside a string (after its opening quote), '.' outside.
std::string map_of(const std::string& text) {
    eye::JsonStringState state;
    std::string map;
    for (char c : text) {
        map += state.in_string() ? 's' : '.';
        state.feed(c);
    }
    return map;
}
}  // namespace

TEST_CASE("string contents and closing quotes are inside, opening quotes outside", "[json_string_state]") {
    CHECK(map_of(R"({"a":1})") == "..ss...");
    CHECK(map_of(R"("x\"y",1)") == ".sssss..");  // an escaped quote does not end the string
    CHECK(map_of(R"("x\\",1)") == ".ssss..");    // an escaped backslash does not escape the quote
    CHECK(map_of(R"(},"}{",{)") == "...sss..");  // braces in strings are contents
}
