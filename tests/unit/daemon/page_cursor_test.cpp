// Cursor tokens: what encode_cursor makes, decode_cursor reads back; nothing else is accepted.
#include <catch2/catch.hpp>

#include "page_cursor.hpp"

using namespace eye;

TEST_CASE("a cursor survives its token, in both directions", "[cursor]") {
    for (Toward toward : {Toward::older, Toward::newer}) {
        Cursor c{toward, Keyset{1609492527243860, 42}};
        std::string token = encode_cursor(c);
        CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              std::string::npos);
        auto back = decode_cursor(token);
        REQUIRE(back);
        CHECK(back->toward == toward);
        CHECK(back->at == c.at);
    }
    auto negative = decode_cursor(encode_cursor({Toward::older, Keyset{-5, 0}}));
    REQUIRE(negative);
    CHECK(negative->at == Keyset{-5, 0});
}

TEST_CASE("anything but a token the daemon made is refused", "[cursor]") {
    CHECK_FALSE(decode_cursor(""));
    CHECK_FALSE(decode_cursor("abc"));
    CHECK_FALSE(decode_cursor("!!!!"));
    CHECK_FALSE(decode_cursor("bzEyLjM0eA"));                        // "o12.34x"
    CHECK_FALSE(decode_cursor("eDEyLjM0"));                          // "x12.34"
    CHECK_FALSE(decode_cursor("bzk5OTk5OTk5OTk5OTk5OTk5OTk5OS4x"));  // "o" + 21 nines + ".1": overflows
    CHECK_FALSE(decode_cursor(std::string(100, 'A')));
}
