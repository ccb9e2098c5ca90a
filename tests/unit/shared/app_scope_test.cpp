#include <catch2/catch.hpp>

#include "app_scope.hpp"

using namespace eye;

TEST_CASE("scopes read back what format writes, in any order, and nothing else", "[apps][scopes]") {
    for (Scopes s : {ingest_scope, read_scope, all_scopes}) CHECK(parse_scopes(format_scopes(s)) == s);
    CHECK(parse_scopes("read, ingest") == all_scopes);
    CHECK(parse_scopes(" ingest ") == ingest_scope);
    for (const char* bad : {"", ",", "ingest,", "write", "ingest,ingest", "Read", "ingest;read", "admin"}) {
        INFO(bad);
        CHECK_FALSE(parse_scopes(bad));
    }
}

TEST_CASE("a key's scopes cover what a route needs only when they include it", "[apps][scopes]") {
    CHECK(all_scopes.covers(ingest_scope));
    CHECK(all_scopes.covers(read_scope));
    CHECK(ingest_scope.covers(ingest_scope));
    CHECK_FALSE(ingest_scope.covers(read_scope));
    CHECK_FALSE(read_scope.covers(ingest_scope));
    CHECK_FALSE(ingest_scope.covers(all_scopes));
    CHECK_FALSE(Scopes{false, false}.covers(ingest_scope));
}
