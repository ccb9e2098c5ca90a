// Well-formedness per the Unicode standard's table 3-7: each lead byte allows a narrower range
// for its first continuation byte, which is what excludes overlongs and surrogates.
#include "utf8.hpp"

namespace eye {

std::string valid_utf8(std::string_view text) {
    static constexpr const char* replacement = "\xEF\xBF\xBD";  // U+FFFD
    std::string out;
    out.reserve(text.size());
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = byte(i);
        if (c == 0) {
            out += "\xE2\x90\x80";  // U+2400, the visible symbol for NUL
            ++i;
            continue;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;  // the first continuation byte's range
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        }
        bool ok = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; ok && k < length; ++k) {
            unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xBF;
            ok = byte(i + k) >= lo && byte(i + k) <= hi;
        }
        if (ok) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += replacement;
            ++i;  // resynchronise on the next byte
        }
    }
    return out;
}

}  // namespace eye
