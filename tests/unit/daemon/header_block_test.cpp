// The reactor hands a connection over only when its header block has arrived whole.
#include <string>

#include <catch2/catch.hpp>

#include "header_block.hpp"

using eye::HeaderBlock;
using eye::scan_header_block;

TEST_CASE("a header block ends at its first empty line, CRLF or bare LF", "[header_block]") {
    CHECK(scan_header_block("GET / HTTP/1.1\r\nHost: a\r\n\r\n").state == HeaderBlock::complete);
    CHECK(scan_header_block("GET / HTTP/1.1\nHost: a\n\n").state == HeaderBlock::complete);
    CHECK(scan_header_block("GET / HTTP/1.0\r\n\r\n").state == HeaderBlock::complete);
    CHECK(scan_header_block("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody").state == HeaderBlock::complete);
}

TEST_CASE("a header block still arriving is incomplete", "[header_block]") {
    CHECK(scan_header_block("").state == HeaderBlock::incomplete);
    CHECK(scan_header_block("GET / HTTP/1.1\r\n").state == HeaderBlock::incomplete);
    CHECK(scan_header_block("GET / HTTP/1.1\r\nHost: a\r\n").state == HeaderBlock::incomplete);
    CHECK(scan_header_block("GET / HTTP/1.1\r\nHost: a\r\n\r").state == HeaderBlock::incomplete);
    CHECK(scan_header_block("GET / HTTP/1.1\r\nX-Slow: xxxxxxxx").state == HeaderBlock::incomplete);
}

TEST_CASE("a complete block's length ends after its empty line, so a request thread reads no further",
          "[header_block]") {
    CHECK(scan_header_block("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next").length == 27);
    CHECK(scan_header_block("GET / HTTP/1.1\nHost: a\n\nGET /next").length == 24);
    CHECK(scan_header_block("\r\nGET / HTTP/1.0\r\n\r\n").length == 20);
}

TEST_CASE("blank lines before a request are skipped, as Poco skips them", "[header_block]") {
    CHECK(scan_header_block("\r\n\r\n").state == HeaderBlock::incomplete);
    CHECK(scan_header_block("\r\n\r\nGET / HTTP/1.1\r\n").state == HeaderBlock::incomplete);
    CHECK(scan_header_block("\r\nGET / HTTP/1.1\r\n\r\n").state == HeaderBlock::complete);
}

TEST_CASE("a header block over the limit is too large, whether it ends or not", "[header_block]") {
    std::string head = "GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'x') + "\r\n";
    CHECK(scan_header_block(head, 64).state == HeaderBlock::too_large);
    CHECK(scan_header_block(head + "\r\n", 64).state == HeaderBlock::too_large);
    CHECK(scan_header_block(head + "\r\n", 1024).state == HeaderBlock::complete);
    CHECK(scan_header_block(std::string(eye::max_header_block, 'x')).state == HeaderBlock::too_large);
}
