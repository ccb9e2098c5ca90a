#include <catch2/catch.hpp>

#include "app_origin.hpp"

using namespace eye;

TEST_CASE("origins are normalized as browsers send them", "[apps][origins]") {
    CHECK(normalize_origin("https://www.example.com") == "https://www.example.com");
    CHECK(normalize_origin("HTTPS://WWW.Example.com/") == "https://www.example.com");
    CHECK(normalize_origin("https://www.example.com:443") == "https://www.example.com");
    CHECK(normalize_origin("http://localhost:80") == "http://localhost");
    CHECK(normalize_origin("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
    CHECK(normalize_origin("https://example.com:8443") == "https://example.com:8443");
}

TEST_CASE("what is not an origin is refused", "[apps][origins]") {
    for (const char* bad : {"", "www.example.com", "ftp://example.com", "https://", "https://example.com/path",
                            "https://user@example.com", "https://example.com/?q=1", "https://example.com#x", "null",
                            "*"}) {
        INFO(bad);
        CHECK_FALSE(normalize_origin(bad));
    }
}
