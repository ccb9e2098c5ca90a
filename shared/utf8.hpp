// UTF-8 text measured in characters (code points), as the API's length limits count them.
#pragma once

#include <cstddef>
#include <string_view>

namespace eye {

inline std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count every byte but continuations
    return n;
}

}  // namespace eye
