// Reads events one at a time from a stream holding NDJSON or a JSON array, in bounded memory,
// so that a file of a million events never has to fit in memory at once.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace eye::cli {

class EventReader {
public:
    explicit EventReader(std::istream& in);

    // The next event as one line of JSON text (not validated: the daemon does that); false at
    // the end. Throws UsageError when a JSON array is cut short or a string in it holds a raw
    // line break (not JSON, and it would split the event).
    bool next(std::string& event);

    std::size_t bytes_read() const { return bytes_; }
    // The input line (from 1) where the event next() returned last begins.
    std::size_t line() const { return event_line_; }

private:
    bool next_line(std::string& event);
    bool next_element(std::string& event);
    int get();

    std::istream& in_;
    std::size_t bytes_ = 0;
    std::size_t lines_done_ = 0;  // line breaks consumed so far
    std::size_t event_line_ = 0;
    enum class Mode { unknown, ndjson, array, done } mode_ = Mode::unknown;
};

}  // namespace eye::cli
