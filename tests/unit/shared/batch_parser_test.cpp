#include <catch2/catch.hpp>

#include "batch_parser.hpp"

using namespace eye;

namespace {

constexpr Micros now = 1700000000000000;

std::vector<BatchItem> items(std::string_view body, BatchFormat format, size_t max = 100) {
    ParsedBatch parsed = parse_batch(body, format, now, max);
    if (auto* e = std::get_if<Error>(&parsed)) FAIL("batch refused: " << e->code << " " << e->message);
    return std::move(std::get<std::vector<BatchItem>>(parsed));
}

Error refused(std::string_view body, BatchFormat format, size_t max = 100) {
    ParsedBatch parsed = parse_batch(body, format, now, max);
    REQUIRE(std::holds_alternative<Error>(parsed));
    return std::get<Error>(parsed);
}

const Error* error_of(const BatchItem& item) {
    return std::get_if<Error>(&item.parsed);
}

const std::string good_a = R"({"session_id":"a","category":"c","name":"n"})";
const std::string good_b = R"({"session_id":"b","category":"c","name":"n"})";

}  // namespace

TEST_CASE("a JSON array of events", "[batch]") {
    auto r = items("[" + good_a + ",\n " + good_b + "]", BatchFormat::json_array);
    REQUIRE(r.size() == 2);
    CHECK(std::get<Event>(r[0].parsed).session_id == "a");
    CHECK(std::get<Event>(r[1].parsed).session_id == "b");
    CHECK(items("[]", BatchFormat::json_array).empty());
}

TEST_CASE("NDJSON, with blank lines and CRLF skipped", "[batch]") {
    auto r = items(good_a + "\r\n\n   \n" + good_b, BatchFormat::ndjson);
    REQUIRE(r.size() == 2);
    CHECK(std::get<Event>(r[1].parsed).session_id == "b");
    CHECK(items("\n\n", BatchFormat::ndjson).empty());
}

TEST_CASE("a bad line in the middle refuses only itself, and keeps its text", "[batch]") {
    auto r = items(good_a + "\n{\"session_id\": \n" + good_b + "\n", BatchFormat::ndjson);
    REQUIRE(r.size() == 3);
    CHECK_FALSE(error_of(r[0]));
    REQUIRE(error_of(r[1]));
    CHECK(error_of(r[1])->code == code::invalid_json);
    CHECK(r[1].raw == "{\"session_id\": ");
    CHECK_FALSE(error_of(r[2]));
    CHECK(r[0].raw.empty());  // good events keep no copy
}

TEST_CASE("an invalid event inside an array is refused on its own", "[batch]") {
    auto r = items("[" + good_a + R"(, {"session_id": "x"}, 42, )" + good_b + "]", BatchFormat::json_array);
    REQUIRE(r.size() == 4);
    CHECK(error_of(r[1])->code == code::missing_field);
    CHECK(r[1].raw == R"({"session_id":"x"})");
    CHECK(error_of(r[2])->code == code::invalid_json);
    CHECK(r[2].raw == "42");
    CHECK_FALSE(error_of(r[3]));
}

TEST_CASE("trailing garbage", "[batch]") {
    // After an array nothing can be trusted: the whole batch is refused.
    CHECK(refused("[" + good_a + "] trailing", BatchFormat::json_array).code == code::invalid_json);
    CHECK(refused("[" + good_a + ",", BatchFormat::json_array).code == code::invalid_json);
    CHECK(refused(good_a, BatchFormat::json_array).code == code::invalid_json);
    // In NDJSON a garbage line is one refused event.
    auto r = items(good_a + "\n" + good_b + " garbage\n", BatchFormat::ndjson);
    REQUIRE(r.size() == 2);
    CHECK_FALSE(error_of(r[0]));
    CHECK(error_of(r[1])->code == code::invalid_json);
}

TEST_CASE("more events than allowed refuses the batch", "[batch]") {
    std::string ndjson = good_a + "\n" + good_b + "\n" + good_a + "\n";
    CHECK(items(ndjson, BatchFormat::ndjson, 3).size() == 3);
    CHECK(refused(ndjson, BatchFormat::ndjson, 2).code == code::too_large);
    CHECK(refused("[" + good_a + "," + good_b + "]", BatchFormat::json_array, 1).code == code::too_large);
}
