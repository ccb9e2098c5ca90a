// A chunked request body (RFC 9112 §7.1), read strictly. Poco 1.11's chunked stream takes an
// unparsable chunk size or a connection cut mid-chunk for the end of the body, so a cut-off
// upload would be ingested in part; this reader refuses such a body whole.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>

namespace eye {

// Reads the chunks from `raw` (the connection's bytes after the headers) up to and including
// the trailer's empty line. Calls `received(n)` for every n bytes of data before appending
// them, so the caller can account for memory as it arrives (it may throw to stop). Throws
// Refusal bad_request when the framing is broken or the stream ends early, too_large past
// `limit` bytes of data.
std::string read_chunked_body(std::istream& raw, std::size_t limit, const std::function<void(std::size_t)>& received);

}  // namespace eye
