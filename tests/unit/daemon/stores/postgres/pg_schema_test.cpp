#include <catch2/catch.hpp>

#include "open_store.hpp"
#include "pg_connection.hpp"
#include "pg_schema.hpp"
#include "timestamp.hpp"

using namespace eye;

TEST_CASE("an event's month partition is named and bounded by its UTC month", "[pg]") {
    auto jan = pg::month_partition(*parse_timestamp("2021-01-31T23:59:59.999999Z"));
    CHECK(jan.name == "events_2021_01");
    CHECK(jan.from == *parse_timestamp("2021-01-01T00:00:00Z"));
    CHECK(jan.to == *parse_timestamp("2021-02-01T00:00:00Z"));
    auto feb = pg::month_partition(*parse_timestamp("2021-02-01T00:00:00Z"));
    CHECK(feb.name == "events_2021_02");
    CHECK(feb.from == jan.to);
    auto dec = pg::month_partition(*parse_timestamp("2020-12-15T12:00:00Z"));
    CHECK(dec.name == "events_2020_12");
    CHECK(dec.to == jan.from);  // the year turns
}

TEST_CASE("the database as logged never shows a password", "[pg]") {
    CHECK(describe_db("postgresql://eye:s3cret@db.example:5433/events") == "postgresql://eye@db.example:5433/events");
    CHECK(describe_db("postgresql://eye@db.example/events?password=s3cret&sslmode=require") ==
          "postgresql://eye@db.example/events");
    CHECK(describe_db("/var/lib/eye/eye.db") == "/var/lib/eye/eye.db");
}

TEST_CASE("only postgresql:// and postgres:// URIs select PostgreSQL", "[pg]") {
    CHECK(is_postgres_uri("postgresql://u@h/db"));
    CHECK(is_postgres_uri("postgres://u@h/db"));
    CHECK_FALSE(is_postgres_uri("postgresql.db"));
    CHECK_FALSE(is_postgres_uri("./postgresql://x"));
}
