// UTF-8 text: measured in characters (code points), as the API's length limits count them, and
// made valid before it is echoed back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eye {

inline std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count every byte but continuations
    return n;
}

// `text` with every byte that is not part of a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included) replaced by U+FFFD, and NUL by U+2400
// (␀): what the API echoes back (refused raw text, messages quoting input) stays valid JSON
// text for every client, and nothing cuts it short.
std::string valid_utf8(std::string_view text);

}  // namespace eye
