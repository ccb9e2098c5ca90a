// Filters: terms name their declared field; a wrong field or kind is a programming error.
#include <catch2/catch.hpp>

#include "error_filter.hpp"
#include "event_filter.hpp"
#include "positive_integer.hpp"

using namespace eye;

TEST_CASE("setting a field twice keeps the last value", "[filter]") {
    Filter f = event_filter();
    f.set("category", "a").set("category", "b");
    REQUIRE(f.terms().size() == 1);
    CHECK(std::get<std::string>(f.terms()[0].value) == "b");
    CHECK(f.terms()[0].field->attribute == "category");
}

TEST_CASE("unknown fields and values of the wrong kind are refused", "[filter]") {
    CHECK_THROWS_AS(event_filter().set("code", "x"), std::logic_error);  // an error filter's field
    CHECK_THROWS_AS(event_filter().set("timestamp_after", "2021-01-01"), std::logic_error);
    CHECK_THROWS_AS(event_filter().set("category", Micros{1}), std::logic_error);
    CHECK_NOTHROW(error_filter().set("code", "x"));
}

TEST_CASE("every field has a param, a flag, an attribute and help", "[filter]") {
    for (FilterFields fields : {FilterFields(event_filter_fields), FilterFields(error_filter_fields)})
        for (const FilterField& f : fields) {
            INFO(f.param);
            CHECK_FALSE(f.param.empty());
            CHECK_FALSE(f.flag.empty());
            CHECK_FALSE(f.attribute.empty());
            CHECK_FALSE(f.help.empty());
        }
}

TEST_CASE("positive integers: digits only, at least 1, within 63 bits", "[positive_integer]") {
    CHECK(parse_positive_integer("1") == 1);
    CHECK(parse_positive_integer("9223372036854775807") == 9223372036854775807LL);
    for (const char* bad : {"", "0", "-1", "+1", " 1", "1 ", "1.0", "12abc", "9223372036854775808", "abc"})
        CHECK_FALSE(parse_positive_integer(bad));
}
