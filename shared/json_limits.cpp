// A single pass over the text: a string is skipped to its closing quote, a number token is read
// whole and, when it has no fraction or exponent, checked with std::from_chars.
#include "json_limits.hpp"

#include <charconv>
#include <cstdint>
#include <string>

namespace eye {
namespace {

bool number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Poco 1.11 parses a negative integer through a double: past -2^53 it comes back changed
// (-9007199254740993 is read as -9007199254740992; found by the event_parser fuzz target, which
// holds the simdjson path to Poco's). Those are refused with the integers past 64 bits.
constexpr std::int64_t lowest_exact_negative = -(std::int64_t{1} << 53);

// Why an integer token cannot be kept exactly, or nullptr when it can.
const char* integer_problem(std::string_view token) {
    const char* end = token.data() + token.size();
    if (token.front() == '-') {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(token.data(), end, v);
        if (ec != std::errc() || p != end) return " does not fit 64 bits";
        return v < lowest_exact_negative ? " is below -2^53 (-9007199254740992), past which the parser changes it"
                                         : nullptr;
    }
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(token.data(), end, v);
    return ec == std::errc() && p == end ? nullptr : " does not fit 64 bits";
}

}  // namespace

std::optional<Error> check_json_limits(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            bool nul = false;
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') {
                    nul = nul || text.substr(i, 6) == "\\u0000";
                    ++i;
                }
            auto next = text.find_first_not_of(" \t\r\n", i + 1);
            if (nul && next != std::string_view::npos && text[next] == ':')
                return Error{code::invalid_field, "a field name holds a NUL character (\\u0000)", ""};
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return Error{code::invalid_field, "the JSON nests deeper than " + std::to_string(max_depth) + " levels",
                             ""};
        } else if (c == '}' || c == ']') {
            if (depth > 0) --depth;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t start = i;
            while (i + 1 < text.size() && number_char(text[i + 1])) ++i;
            std::string_view token = text.substr(start, i - start + 1);
            const char* problem =
                token.find_first_of(".eE") == std::string_view::npos ? integer_problem(token) : nullptr;
            if (problem)
                return Error{code::invalid_field,
                             "the integer " + std::string(token.substr(0, 40)) + problem +
                                 "; send it as a string to keep it exactly",
                             ""};
        }
    }
    return std::nullopt;
}

}  // namespace eye
