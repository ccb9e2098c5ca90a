// Chunked bodies: read whole when framed right, refused whole otherwise.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "chunked_body.hpp"
#include "error.hpp"

using namespace eye;

namespace {

std::string code_of(const std::string& wire, std::size_t limit = 1000) {
    std::istringstream in(wire);
    try {
        read_chunked_body(in, limit, [](std::size_t) {});
    } catch (const Refusal& r) {
        return r.error().code;
    }
    return "ok";
}

}  // namespace

TEST_CASE("a well-framed body is joined; extensions and trailers are skipped", "[chunked]") {
    std::istringstream in("5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT");
    std::size_t counted = 0;
    CHECK(read_chunked_body(in, 100, [&](std::size_t n) { counted += n; }) == "hello world");
    CHECK(counted == 11);
    std::string rest;
    in >> rest;
    CHECK(rest == "NEXT");  // nothing past the body was consumed
}

TEST_CASE("broken framing is bad_request", "[chunked]") {
    CHECK(code_of("5\r\nhel") == "bad_request");                              // cut inside a chunk
    CHECK(code_of("5\r\nhello\r\n") == "bad_request");                        // no last chunk
    CHECK(code_of("ffffffffffffffffff\r\nx\r\n0\r\n\r\n") == "bad_request");  // 18 hex digits
    CHECK(code_of("-5\r\nhello\r\n0\r\n\r\n") == "bad_request");
    CHECK(code_of("zz\r\nhello\r\n0\r\n\r\n") == "bad_request");
    CHECK(code_of("\r\nhello\r\n0\r\n\r\n") == "bad_request");   // no size at all
    CHECK(code_of("3\r\nhello\r\n0\r\n\r\n") == "bad_request");  // longer than its size
    CHECK(code_of("5\r\nhello\r\n0\r\n") == "bad_request");      // trailer section not ended
}

TEST_CASE("past the limit is too_large, before the data is read", "[chunked]") {
    CHECK(code_of("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 8) == "too_large");
    CHECK(code_of("ffffffffffffffff\r\n", 8) == "too_large");
}

TEST_CASE("the accounting callback can stop the read", "[chunked]") {
    std::istringstream in("5\r\nhello\r\n0\r\n\r\n");
    CHECK_THROWS_AS(read_chunked_body(in, 100, [](std::size_t) { throw std::runtime_error("no room"); }),
                    std::runtime_error);
}
