// Suggestions for slips: close words are suggested, far ones are not.
#include <catch2/catch.hpp>

#include "closest_word.hpp"

using namespace eye;

TEST_CASE("a slip finds the word it meant", "[closest_word]") {
    std::vector<std::string> params{"session_id", "category", "name", "timestamp_after", "page"};
    CHECK(closest_word("sesion_id", params) == "session_id");
    CHECK(closest_word("catgeory", params) == "category");  // swapped letters
    CHECK(closest_word("timestamp_afer", params) == "timestamp_after");
    std::vector<std::string> commands{"send", "list", "get", "errors", "apps", "admin"};
    CHECK(closest_word("lsit", commands) == "list");
    CHECK(closest_word("erors", commands) == "errors");
}

TEST_CASE("nothing is suggested for a word that is not near any", "[closest_word]") {
    std::vector<std::string> params{"session_id", "category", "name"};
    CHECK_FALSE(closest_word("color", params));
    CHECK_FALSE(closest_word("x", std::vector<std::string>{"session_id"}));
    CHECK_FALSE(closest_word("anything", std::vector<std::string>{}));
}
