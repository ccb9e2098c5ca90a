// Splitting a stream into events. An array is cut at its top-level commas by tracking nesting
// and strings only; each element is then sent as an NDJSON line and parsed by the daemon.
#include "event_reader.hpp"

#include <cctype>

#include "exit_codes.hpp"
#include "json_string_state.hpp"

namespace eye::cli {

EventReader::EventReader(std::istream& in) : in_(in) {}

int EventReader::get() {
    int c = in_.get();
    if (c != std::char_traits<char>::eof()) ++bytes_;
    if (c == '\n') ++lines_done_;
    return c;
}

bool EventReader::next(std::string& event) {
    if (mode_ == Mode::unknown) {
        int c;
        while ((c = in_.peek()) != std::char_traits<char>::eof() && std::isspace(c)) get();
        if (c == std::char_traits<char>::eof()) return false;
        if (c == '[') {
            get();
            mode_ = Mode::array;
        } else {
            mode_ = Mode::ndjson;
        }
    }
    if (mode_ == Mode::ndjson) return next_line(event);
    if (mode_ == Mode::array) return next_element(event);
    return false;
}

bool EventReader::next_line(std::string& event) {
    std::string line;
    while (std::getline(in_, line)) {
        bytes_ += line.size() + (in_.eof() ? 0 : 1);  // the last line may have no '\n'
        event_line_ = ++lines_done_;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        event = std::move(line);
        return true;
    }
    mode_ = Mode::done;
    return false;
}

bool EventReader::next_element(std::string& event) {
    event.clear();
    int depth = 0;
    JsonStringState strings;
    for (int c; (c = get()) != std::char_traits<char>::eof();) {
        bool inside = strings.in_string();
        strings.feed(static_cast<char>(c));
        if (inside) {
            // A raw line break inside a string is not JSON, and kept it would split the event
            // in two NDJSON lines, each refused with the wrong index.
            if (c == '\n' || c == '\r') throw UsageError("a string in the JSON array holds a raw line break");
            event += static_cast<char>(c);
            continue;
        }
        if (depth == 0 && (c == ',' || c == ']')) {
            if (c == ']') mode_ = Mode::done;
            if (event.find_first_not_of(" \t\r\n") == std::string::npos) {
                if (c == ']') return false;  // "[]" or a trailing comma
                continue;
            }
            return true;
        }
        if (event.find_first_not_of(" \t\r\n") == std::string::npos && !std::isspace(c))
            event_line_ = lines_done_ + 1;  // where the element's first character is
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        // Outside strings a line break is only whitespace; dropping it makes the element one line.
        event += (c == '\n' || c == '\r') ? ' ' : static_cast<char>(c);
    }
    throw UsageError("the JSON array of events ends before its closing ']'");
}

}  // namespace eye::cli
