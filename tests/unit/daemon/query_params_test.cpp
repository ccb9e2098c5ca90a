// Query parameters: filters read from their declared fields, paging bounds, errors naming the
// parameter.
#include <catch2/catch.hpp>

#include "error_filter.hpp"
#include "event_filter.hpp"
#include "page_limits.hpp"
#include "paging.hpp"
#include "query_params.hpp"

using namespace eye;

namespace {

Query query(std::initializer_list<std::pair<const char*, const char*>> params) {
    Query q;
    for (auto& [k, v] : params) q.add(k, v);
    return q;
}

std::string refusal_field(const std::function<void()>& f) {
    try {
        f();
    } catch (const Refusal& r) {
        return r.error().code + ":" + r.error().field;
    }
    return "nothing thrown";
}

}  // namespace

TEST_CASE("every declared field is read from its parameter", "[query_params]") {
    Filter f = read_filter(query({{"session_id", "s1"},
                                  {"category", "page interaction"},
                                  {"name", "n"},
                                  {"app", "web"},
                                  {"timestamp_after", "2021-05-20"},
                                  {"timestamp_before", "2021-05-21T10:00:00Z"}}),
                           event_filter_fields);
    REQUIRE(f.terms().size() == event_filter_fields.size());
    for (const FilterTerm& t : f.terms()) {
        INFO(t.field->param);
        if (takes_time(*t.field))
            CHECK(std::holds_alternative<Micros>(t.value));
        else
            CHECK(std::get<std::string>(t.value).size() > 0);
    }
}

TEST_CASE("empty values are absent, as django-filter treated them", "[query_params]") {
    CHECK(read_filter(query({{"category", ""}, {"timestamp_after", ""}}), event_filter_fields).terms().empty());
}

TEST_CASE("a bad time names its own parameter", "[query_params]") {
    CHECK(refusal_field([] {
              read_filter(query({{"timestamp_after", "yesterday-ish"}}), event_filter_fields);
          }) == "invalid_query:timestamp_after");
    CHECK(refusal_field([] {
              read_filter(query({{"before", "2021-13-01"}}), error_filter_fields);
          }) == "invalid_query:before");
}

TEST_CASE("paging: defaults, the cap, and bad numbers", "[query_params]") {
    PageRequest p = read_paging(query({}));
    CHECK(p.page == 1);
    CHECK(p.size == default_page_size);
    CHECK(read_paging(query({{"page_size", "5000"}})).size == max_page_size);
    CHECK(read_paging(query({{"page_size", "1000"}})).size == 1000);
    CHECK(read_paging(query({{"page", "3"}, {"page_size", "20"}})).slice().offset == 40);
    CHECK(refusal_field([] { read_paging(query({{"page", "0"}})); }) == "invalid_query:page");
    CHECK(refusal_field([] { read_paging(query({{"page_size", "ten"}})); }) == "invalid_query:page_size");
    CHECK(refusal_field([] { read_paging(query({{"page", "2000000000000"}})); }) == "not_found:page");
}

TEST_CASE("paging by cursor: a position to read from, never with a page number", "[query_params]") {
    std::string token = encode_cursor({Toward::newer, Keyset{100, 7}});
    PageRequest p = read_paging(query({{"cursor", token.c_str()}, {"page_size", "5"}}));
    Slice s = p.slice();
    REQUIRE(s.from);
    CHECK(*s.from == Keyset{100, 7});
    CHECK(s.toward == Toward::newer);
    CHECK(s.limit == 5);
    CHECK(refusal_field([] { read_paging(query({{"cursor", "nonsense"}})); }) == "invalid_query:cursor");
    CHECK(refusal_field([&] {
              read_paging(query({{"cursor", token.c_str()}, {"page", "2"}}));
          }) == "invalid_query:cursor");
}

TEST_CASE("flags: present and not 0/false", "[query_params]") {
    CHECK(query_flag(query({{"summary", "1"}}), "summary"));
    CHECK(query_flag(query({{"summary", "yes"}}), "summary"));
    CHECK_FALSE(query_flag(query({{"summary", "0"}}), "summary"));
    CHECK_FALSE(query_flag(query({{"summary", "false"}}), "summary"));
    CHECK_FALSE(query_flag(query({}), "summary"));
}

TEST_CASE("a parameter the route does not declare is refused by name, with a suggestion", "[query_params]") {
    constexpr std::string_view paging[] = {"page", "page_size", "cursor"};
    AcceptedParams accepted{event_filter_fields, paging};
    CHECK_NOTHROW(refuse_unknown_params(query({{"session_id", "s1"}, {"page", "2"}, {"cursor", ""}}), accepted));
    CHECK(refusal_field([&] {
              refuse_unknown_params(query({{"sesion_id", "s1"}}), accepted);
          }) == "invalid_query:sesion_id");
    CHECK_THROWS_WITH(refuse_unknown_params(query({{"sesion_id", "s1"}}), accepted),
                      Catch::Contains("did you mean session_id?"));
    CHECK_THROWS_WITH(refuse_unknown_params(query({{"colour", "red"}}), accepted),
                      Catch::Contains("known: session_id, category"));
    CHECK_THROWS_WITH(refuse_unknown_params(query({{"x", "1"}}), AcceptedParams{}),
                      Catch::Contains("this route takes none"));
}
