// Indenting JSON text without parsing it: the layout Poco's Stringifier gives, the text of
// strings and numbers untouched, and the size told before writing.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "json_indent.hpp"
#include "json_text.hpp"

namespace {
std::string indented(const std::string& compact, int indent) {
    std::ostringstream out;
    eye::write_indented_json(out, compact, indent);
    CHECK(out.str().size() == eye::indented_json_size(compact, indent));
    return out.str();
}
}  // namespace

TEST_CASE("indented JSON is laid out as Poco's Stringifier lays it out", "[json_indent]") {
    // Texts Poco renders back unchanged when compact, so that only the layout can differ.
    for (std::string compact : {R"({"a":1})", R"({"count":2,"next":null,"results":[{"id":1,"data":{"x":[1,2.5,"y"]}}]})",
                                R"([[1,[2,[3]]],{"k":{"l":{"m":true}}}])", R"({"s":"a,b:{c}[d]\"e\\","t":false})"}) {
        INFO(compact);
        REQUIRE(eye::json_text(eye::parse_json_or_throw(compact, eye::KeyOrder::kept)) == compact);
        for (int indent : {1, 2, 4, 8})
            CHECK(indented(compact, indent) ==
                  eye::json_text(eye::parse_json_or_throw(compact, eye::KeyOrder::kept), indent));
    }
}

TEST_CASE("indenting keeps strings and numbers as written and empty containers on one line", "[json_indent]") {
    CHECK(indented(R"({"n":18446744073709551616,"f":1.50,"e":[],"o":{}})", 2) ==
          "{\n  \"n\": 18446744073709551616,\n  \"f\": 1.50,\n  \"e\": [],\n  \"o\": {}\n}");
    CHECK(indented(R"(["{ \"[ ,:\" ]"])", 2) == "[\n  \"{ \\\"[ ,:\\\" ]\"\n]");
    CHECK(indented(" { \"a\" : [ 1 , 2 ] } ", 2) == "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
}

TEST_CASE("indenting has no depth limit and never throws on broken text", "[json_indent]") {
    std::string deep = std::string(2000, '[') + std::string(2000, ']');
    CHECK(indented(deep, 1).size() > deep.size());
    CHECK_NOTHROW(indented("]]}{\"unterminated", 4));
}
