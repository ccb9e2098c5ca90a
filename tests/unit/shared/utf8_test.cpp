// Text echoed back is made valid UTF-8 without losing what was valid.
#include <string>

#include <catch2/catch.hpp>

#include "utf8.hpp"

using eye::valid_utf8;

TEST_CASE("valid UTF-8 passes unchanged", "[utf8]") {
    for (const char* ok : {"plain", "ü", "€", "\xF0\x9F\x91\x81 eye", ""}) CHECK(valid_utf8(ok) == ok);
}

TEST_CASE("invalid bytes become U+FFFD, one per bad byte; NUL becomes a visible symbol", "[utf8]") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(valid_utf8("a\xFF"
                     "b") == "a" + fffd + "b");
    CHECK(valid_utf8("\xC0\xAF") == fffd + fffd);                        // overlong '/'
    CHECK(valid_utf8("\xED\xA0\x80") == fffd + fffd + fffd);             // a surrogate
    CHECK(valid_utf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // past U+10FFFF
    CHECK(valid_utf8("\xE2\x82") == fffd + fffd);                        // cut short
    CHECK(valid_utf8(std::string("a\0b", 3)) ==
          "a\xE2\x90\x80"
          "b");
}
