// Prints rows (JSON objects from the daemon) as a table, JSON, NDJSON or CSV.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "time_words.hpp"

namespace eye::cli {

enum class Format { table, json, ndjson, csv };

// How rows are printed: the format, and for a table whether cells may be cut to fit `width`.
struct Style {
    Format format = Format::ndjson;
    bool wide = false;      // a table shows every cell whole, however wide
    int width = 80;         // the terminal's columns
    Zone zone = Zone::utc;  // the zone a table shows times in (machine formats: always UTC)
    bool colour = false;    // a table's heading in bold (a terminal without NO_COLOR)
};

// Whether to colour what goes to `fd`: a terminal, and NO_COLOR (https://no-color.org) unset.
bool use_colour(int fd);

// How a table shows a cell (machine formats always carry the value as the daemon sent it).
enum class Cell {
    text,     // as it is
    time,     // "2021-01-01 09:15:27" in the style's zone, to the second; whole with --wide.
              // A table's heading names the zone: "TIME (UTC)", "TIME (CET)".
    payload,  // an object as `host=a path=/signup`, nested values as compact JSON
    list,     // an array of texts as `a, b`
    offset,   // seconds as `+12.417s`
};

struct Column {
    std::string key;     // the JSON field
    std::string header;  // the table/CSV heading
    Cell cell = Cell::text;
    // When a table is wider than the terminal, this column may be cut down to this many
    // characters (0: never cut) so that the last column, the one people read, keeps room.
    std::size_t min_width = 0;
};

// Streams NDJSON and CSV row by row; a table is laid out at the end, when widths are known.
// row() and finish() throw OutputError (exit_codes.hpp) once the stream has failed. The
// destructor finishes an unfinished printer but never throws: call finish() to learn.
// Its last column takes the width the others do not need: they shrink towards their
// min_width (widest first) until it has about two fifths of the terminal.
class Printer {
public:
    Printer(std::ostream& out, Style style, std::vector<Column> columns);
    ~Printer();
    void row(const Poco::JSON::Object::Ptr& object);
    void finish();

private:
    std::string cell(const Poco::JSON::Object::Ptr& object, const Column& column) const;
    std::vector<std::size_t> table_widths() const;

    std::ostream& out_;
    Style style_;
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> table_;
    size_t rows_ = 0;
    bool finished_ = false;
};

// "20 of 1,234 shown": the line a table cut by --limit ends with; with `exact` false (the
// daemon stopped counting at `total`), "20 of more than 10,000 shown".
std::string shown_of(long shown, long total, bool exact = true);

// One object as a record: in a table style a vertical "key  value" view (times in the style's
// zone, payloads compact unless wide); JSON as the object itself (not an array); NDJSON one
// line; CSV a header and a row.
void print_record(std::ostream& out, const Style& style, const std::vector<Column>& columns,
                  const Poco::JSON::Object::Ptr& object);

// The columns of an event, in the order `eye list` shows them.
std::vector<Column> event_columns();

// `host=a path=/signup`: an object's members as key=value in key order (the order events are
// stored in), strings bare unless they hold a
// space, '=' or a quote (then JSON-quoted), other values as compact JSON. Not an object:
// its compact JSON.
std::string compact_payload(const Poco::Dynamic::Var& value);

// The terminal's columns (COLUMNS, else 80, when standard output is no terminal).
int terminal_width();

}  // namespace eye::cli
