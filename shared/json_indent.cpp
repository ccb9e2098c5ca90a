// Re-indenting JSON text in one pass: strings are copied through whole (JsonStringState knows
// where they end), structure characters get the line breaks and spaces.
#include "json_indent.hpp"

#include <algorithm>

#include "json_string_state.hpp"

namespace eye {
namespace {

// Walks the text once and hands `put` the output in pieces (a span of the input, or layout).
template <typename Put>
void lay_out(std::string_view text, int indent, Put put) {
    const std::size_t step = indent > 0 ? static_cast<std::size_t>(indent) : 0;
    std::size_t depth = 0;
    static constexpr std::string_view spaces = "                                                                ";
    auto new_line = [&] {
        put("\n", 1);
        for (std::size_t left = depth * step; left > 0;) {
            std::size_t n = std::min(left, spaces.size());
            put(spaces.data(), n);
            left -= n;
        }
    };
    JsonStringState strings;
    std::size_t run = 0;  // start of the input span not yet handed over (string or scalar text)
    auto flush = [&](std::size_t end) {
        if (end > run) put(text.data() + run, end - run);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool inside = strings.in_string();
        strings.feed(c);
        if (inside) continue;
        switch (c) {
            case '{':
            case '[': {
                flush(i);
                put(&text[i], 1);
                std::size_t next = text.find_first_not_of(" \t\r\n", i + 1);
                char close = c == '{' ? '}' : ']';
                if (next != std::string_view::npos && text[next] == close) {
                    put(&text[next], 1);  // empty: stays on one line
                    i = next;
                } else {
                    ++depth;
                    new_line();
                }
                run = i + 1;
                break;
            }
            case '}':
            case ']':
                flush(i);
                if (depth > 0) --depth;
                new_line();
                put(&text[i], 1);
                run = i + 1;
                break;
            case ',':
                flush(i);
                put(",", 1);
                new_line();
                run = i + 1;
                break;
            case ':':
                flush(i);
                put(": ", 2);
                run = i + 1;
                break;
            case ' ':
            case '\t':
            case '\r':
            case '\n':
                flush(i);
                run = i + 1;
                break;
            default:
                break;  // part of a scalar or the opening quote of a string: copied with its run
        }
    }
    flush(text.size());
}

}  // namespace

void write_indented_json(std::ostream& out, std::string_view compact, int indent) {
    lay_out(compact, indent, [&out](const char* bytes, std::size_t n) {
        out.write(bytes, static_cast<std::streamsize>(n));
    });
}

std::size_t indented_json_size(std::string_view compact, int indent) {
    std::size_t size = 0;
    lay_out(compact, indent, [&size](const char*, std::size_t n) { size += n; });
    return size;
}

}  // namespace eye
