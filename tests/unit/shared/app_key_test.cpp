#include <catch2/catch.hpp>

#include <set>

#include "app_key.hpp"

using namespace eye;

TEST_CASE("keys are random, well-formed and distinct", "[apps]") {
    std::set<std::string> keys;
    for (int i = 0; i < 200; ++i) {
        std::string key = generate_key();
        REQUIRE(key.size() == 4 + 64);
        CHECK(key.rfind("eye_", 0) == 0);
        CHECK(key.find_first_not_of("0123456789abcdef", 4) == std::string::npos);
        keys.insert(key);
    }
    CHECK(keys.size() == 200);
}

TEST_CASE("a key is stored as its SHA-256", "[apps]") {
    // The SHA-256 of "abc" (FIPS 180-2 test vector).
    std::string digest = hash_key("abc");
    REQUIRE(digest.size() == 32);
    CHECK(static_cast<unsigned char>(digest[0]) == 0xba);
    CHECK(static_cast<unsigned char>(digest[31]) == 0xad);
    CHECK(hash_key("eye_1") != hash_key("eye_2"));
    CHECK(hash_key("eye_1") == hash_key("eye_1"));
}

TEST_CASE("constant-time compare", "[apps]") {
    CHECK(constant_time_equal("", ""));
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "xbc"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
    CHECK(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
    CHECK_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST_CASE("application names", "[apps]") {
    for (const char* good : {"web", "mobile-ios", "etl.nightly", "a", "app_2"}) CHECK(valid_app_name(good));
    for (const char* bad : {"", "Web", "has space", "-leading", ".hidden", "x/y", "ü"})
        CHECK_FALSE(valid_app_name(bad));
    CHECK(valid_app_name(std::string(64, 'a')));
    CHECK_FALSE(valid_app_name(std::string(65, 'a')));
}
