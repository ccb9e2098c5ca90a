// Prints rows (JSON objects from the daemon) as a table, JSON, NDJSON or CSV.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "global_options.hpp"

namespace eye::cli {

struct Column {
    std::string key;     // the JSON field
    std::string header;  // the table/CSV heading
};

// Streams NDJSON and CSV row by row; a table is laid out at the end, when widths are known,
// and its last column is cut to the terminal's width.
class Printer {
public:
    Printer(std::ostream& out, Format format, std::vector<Column> columns);
    ~Printer();
    void row(const Poco::JSON::Object::Ptr& object);
    void finish();

private:
    std::string cell(const Poco::JSON::Object::Ptr& object, const std::string& key) const;

    std::ostream& out_;
    Format format_;
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> table_;
    size_t rows_ = 0;
    bool finished_ = false;
};

// The columns of an event, in the order `eye list` shows them.
std::vector<Column> event_columns();

int terminal_width();

}  // namespace eye::cli
