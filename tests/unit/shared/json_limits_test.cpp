// The JSON limits checked before parsing: depth, 64-bit integers, NUL in field names.
#include <string>

#include <catch2/catch.hpp>

#include "json_limits.hpp"

using eye::check_json_limits;

namespace {
std::string nest(int levels) {
    std::string open, close;
    for (int i = 0; i < levels; ++i) {
        open += "{\"a\":";
        close += "}";
    }
    return open + "1" + close;
}
}  // namespace

TEST_CASE("nesting up to the limit passes, one level more is refused", "[json_limits]") {
    CHECK_FALSE(check_json_limits(nest(64), 64));
    auto error = check_json_limits(nest(65), 64);
    REQUIRE(error);
    CHECK(error->code == "invalid_field");
    CHECK_FALSE(check_json_limits(R"({"s":"[[[[[[[[[[[[[[[["})", 2));  // brackets inside strings do not count
}

TEST_CASE("integers must fit 64 bits; decimals and exponents are the parser's business", "[json_limits]") {
    for (const char* ok : {R"({"v":18446744073709551615})", R"({"v":-9007199254740992})", R"({"v":0})",
                           R"({"v":1e400})", R"({"v":123456789012345678901234.5})", R"({"v":"18446744073709551616"})"})
        CHECK_FALSE(check_json_limits(ok, 8));
    for (const char* bad :
         {R"({"v":18446744073709551616})", R"({"v":-9223372036854775809})", R"({"v":[1,99999999999999999999]})"}) {
        auto error = check_json_limits(bad, 8);
        REQUIRE(error);
        CHECK(error->message.find("64 bits") != std::string::npos);
    }
}

TEST_CASE("negative integers past -2^53 are refused: Poco reads them through a double", "[json_limits]") {
    CHECK_FALSE(check_json_limits(R"({"v":-9007199254740992})", 8));
    CHECK_FALSE(check_json_limits(R"({"v":-9007199254740992.5})", 8));  // a decimal: a double anyway
    for (const char* bad : {R"({"v":-9007199254740993})", R"({"v":-8446440737095551616})"}) {
        auto error = check_json_limits(bad, 8);
        REQUIRE(error);
        CHECK(error->code == eye::code::invalid_field);
        CHECK(error->message.find("-2^53") != std::string::npos);
    }
}

TEST_CASE("escaped quotes do not end a string early", "[json_limits]") {
    CHECK_FALSE(check_json_limits(R"({"s":"a\"99999999999999999999\""})", 8));
}

TEST_CASE("a NUL in a field name is refused; in a value it is kept", "[json_limits]") {
    CHECK(check_json_limits(R"({"a\u0000b":1})", 8));
    CHECK_FALSE(check_json_limits(R"({"a":"x\u0000y"})", 8));
}
