#include <catch2/catch.hpp>

#include "pg_connection.hpp"

using namespace eye;

namespace {
std::string field(std::string_view value) {
    std::string out;
    pg::copy_field(out, value);
    return out;
}
}  // namespace

TEST_CASE("a COPY text field escapes what would end or split it, and nothing else", "[pg]") {
    CHECK(field("plain ünïcode ✓ \"quotes\"") == "plain ünïcode ✓ \"quotes\"");
    CHECK(field("a\tb") == "a\\tb");                                   // a tab would end the field
    CHECK(field("a\nb\rc") == "a\\nb\\rc");                            // a line break would end the row
    CHECK(field(R"({"k":"\"x\"\\y"})") == R"({"k":"\\"x\\"\\\\y"})");  // JSON's escapes keep their backslashes
    CHECK(field("\\N") == "\\\\N");                                    // never read as NULL
    std::string appended = "1\t";
    pg::copy_field(appended, "s");
    CHECK(appended == "1\ts");  // appends
}
