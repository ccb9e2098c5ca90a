// Whether a request's header block has fully arrived, judged from the bytes received so far
// without consuming them: the connection reactor hands a connection to a request thread only
// then, so that a thread never waits on a client's headers.
#pragma once

#include <cstddef>
#include <string_view>

namespace eye {

// The most a header block (request line and fields) may take: nginx's default for the same
// (4 buffers of 8 KiB). Poco's own limits (8 KiB a field value, 100 fields) refuse the rest.
constexpr std::size_t max_header_block = 32 << 10;

enum class HeaderBlock {
    incomplete,  // no blank line yet: wait for more
    complete,    // the blank line ending the headers is there: a request can be read at once
    too_large,   // `limit` bytes and still no end: refuse it
};

struct HeaderScan {
    HeaderBlock state;
    std::size_t length = 0;  // when complete: the bytes up to and including the empty line
};

// Reads as Poco's request parser does: blank lines and spaces before the request line are
// skipped, and a line that is empty (LF or CRLF) ends the block. Never throws.
HeaderScan scan_header_block(std::string_view received, std::size_t limit = max_header_block);

}  // namespace eye
