// Cursor tokens: base64 by Poco, numbers by std::from_chars, so a forged token is refused whole.
#include "page_cursor.hpp"

#include <charconv>
#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

namespace eye {
namespace {

constexpr int base64_options = Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING;

// Reads `text` as one integer, all of it.
template <typename Int>
bool read_integer(std::string_view text, Int& value) {
    if (text.empty()) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string encode_cursor(const Cursor& cursor) {
    std::string plain = (cursor.toward == Toward::older ? "o" : "n") + std::to_string(cursor.at.time) + "." +
                        std::to_string(cursor.at.id);
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, base64_options);
    encoder.rdbuf()->setLineLength(0);
    encoder << plain;
    encoder.close();
    return out.str();
}

std::optional<Cursor> decode_cursor(std::string_view text) {
    if (text.empty() || text.size() > 64) return std::nullopt;
    std::string plain;
    try {
        std::istringstream in{std::string(text)};
        Poco::Base64Decoder decoder(in, base64_options);
        std::getline(decoder, plain, '\0');
        if (decoder.bad()) return std::nullopt;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
    if (plain.size() < 4 || (plain[0] != 'o' && plain[0] != 'n')) return std::nullopt;
    auto dot = plain.find('.');
    if (dot == std::string::npos) return std::nullopt;
    Cursor cursor;
    cursor.toward = plain[0] == 'o' ? Toward::older : Toward::newer;
    std::string_view body(plain);
    if (!read_integer(body.substr(1, dot - 1), cursor.at.time) || !read_integer(body.substr(dot + 1), cursor.at.id))
        return std::nullopt;
    return cursor;
}

}  // namespace eye
