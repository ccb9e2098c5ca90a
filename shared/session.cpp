// Timeline cursors: two integers, so a client cannot make one that means anything else.
#include "session.hpp"

#include <charconv>

namespace eye {

std::string format_cursor(const TimelineCursor& cursor) {
    return std::to_string(cursor.timestamp) + "_" + std::to_string(cursor.id);
}

std::optional<TimelineCursor> parse_cursor(std::string_view text) {
    auto sep = text.find('_');
    if (sep == std::string_view::npos) return std::nullopt;
    TimelineCursor c;
    auto a = std::from_chars(text.data(), text.data() + sep, c.timestamp);
    auto b = std::from_chars(text.data() + sep + 1, text.data() + text.size(), c.id);
    if (a.ec != std::errc{} || a.ptr != text.data() + sep || b.ec != std::errc{} ||
        b.ptr != text.data() + text.size() || sep == 0 || sep + 1 == text.size())
        return std::nullopt;
    return c;
}

}  // namespace eye
