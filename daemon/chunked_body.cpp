// Chunked framing: hex size lines of at most 16 digits (extensions ignored), data followed by
// CRLF, a zero-size chunk, then trailer lines up to an empty one. Anything else is refused.
#include "chunked_body.hpp"

#include <algorithm>
#include <cctype>

#include "error.hpp"

namespace eye {
namespace {

constexpr std::size_t max_line = 4096;  // a size line with extensions, or a trailer line

Refusal broken(const std::string& why) {
    return Refusal(Error{code::bad_request, "the chunked request body is broken: " + why, ""});
}

// One line without its CRLF (a bare LF is taken too); throws when the stream ends first.
std::string line(std::istream& in) {
    std::string text;
    for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
        if (c == '\n') {
            if (!text.empty() && text.back() == '\r') text.pop_back();
            return text;
        }
        if (text.size() == max_line) throw broken("a line is longer than " + std::to_string(max_line) + " bytes");
        text += static_cast<char>(c);
    }
    throw broken("it ends before its last chunk");
}

std::size_t chunk_size(const std::string& size_line) {
    std::string digits = size_line.substr(0, size_line.find(';'));
    while (!digits.empty() && (digits.back() == ' ' || digits.back() == '\t')) digits.pop_back();
    if (digits.empty() || digits.size() > 16 ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isxdigit(c); }))
        throw broken("bad chunk size '" + size_line.substr(0, 40) + "'");
    return static_cast<std::size_t>(std::stoull(digits, nullptr, 16));
}

}  // namespace

std::string read_chunked_body(std::istream& raw, std::size_t limit, const std::function<void(std::size_t)>& received) {
    std::string body;
    char buffer[16384];
    for (;;) {
        std::size_t size = chunk_size(line(raw));
        if (size == 0) break;
        if (size > limit - body.size())
            throw Refusal(
                Error{code::too_large, "request body exceeds the limit of " + std::to_string(limit) + " bytes", ""});
        while (size > 0) {
            raw.read(buffer, static_cast<std::streamsize>(std::min(size, sizeof buffer)));
            auto got = static_cast<std::size_t>(raw.gcount());
            if (got == 0) throw broken("it ends inside a chunk");
            received(got);
            body.append(buffer, got);
            size -= got;
        }
        if (!line(raw).empty()) throw broken("a chunk is longer than its size says");
    }
    while (!line(raw).empty()) {
        // Trailer fields: nothing of ours reads them.
    }
    return body;
}

}  // namespace eye
