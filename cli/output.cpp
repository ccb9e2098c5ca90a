// Output formats. JSON is rendered by Poco; CSV quoting follows RFC 4180.
#include "output.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <sys/ioctl.h>
#include <unistd.h>

#include <Poco/JSON/Stringifier.h>

#include "json_text.hpp"
#include "utf8.hpp"

namespace eye::cli {
namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

// Characters stand for terminal columns here; wide (CJK) characters would take two.
size_t display_width(const std::string& s) {
    return utf8_length(s);
}

// Cuts to at most `width` characters without splitting a UTF-8 sequence; a cut ends in '…'.
std::string cut(const std::string& s, size_t width) {
    if (display_width(s) <= width) return s;
    if (width == 0) return "";
    size_t keep = width - 1, chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == keep) break;
    }
    return s.substr(0, i) + "…";
}

}  // namespace

std::vector<Column> event_columns() {
    return {{"id", "ID"},
            {"timestamp", "TIMESTAMP"},
            {"session_id", "SESSION"},
            {"category", "CATEGORY"},
            {"name", "NAME"},
            {"app", "APP"},
            {"data", "DATA"}};
}

int terminal_width() {
    winsize ws{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    if (const char* c = std::getenv("COLUMNS")) {
        int v = std::atoi(c);
        if (v > 0) return v;
    }
    return 80;
}

Printer::Printer(std::ostream& out, Format format, std::vector<Column> columns)
    : out_(out), format_(format), columns_(std::move(columns)) {
    if (format_ == Format::csv) {
        for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << columns_[i].key;
        out_ << '\n';
    }
}

Printer::~Printer() {
    if (!finished_) finish();
}

std::string Printer::cell(const Poco::JSON::Object::Ptr& object, const std::string& key) const {
    if (!object->has(key) || object->isNull(key)) return "";
    const Poco::Dynamic::Var& v = object->get(key);
    if (v.isString()) return v.extract<std::string>();
    return json_text(v);
}

void Printer::row(const Poco::JSON::Object::Ptr& object) {
    switch (format_) {
        case Format::ndjson:
            object->stringify(out_, 0);
            out_ << '\n';
            break;
        case Format::json:
            out_ << (rows_ == 0 ? "[\n" : ",\n");
            {
                std::ostringstream pretty;
                object->stringify(pretty, 2);
                std::string text = pretty.str();
                // Indent the object one level inside the array.
                std::string indented = "  ";
                for (char c : text) {
                    indented += c;
                    if (c == '\n') indented += "  ";
                }
                out_ << indented;
            }
            break;
        case Format::csv:
            for (size_t i = 0; i < columns_.size(); ++i)
                out_ << (i ? "," : "") << csv_field(cell(object, columns_[i].key));
            out_ << '\n';
            break;
        case Format::table: {
            std::vector<std::string> cells;
            for (const Column& c : columns_) cells.push_back(cell(object, c.key));
            table_.push_back(std::move(cells));
            break;
        }
    }
    ++rows_;
}

void Printer::finish() {
    finished_ = true;
    if (format_ == Format::json) {
        out_ << (rows_ == 0 ? "[]\n" : "\n]\n");
    } else if (format_ == Format::table) {
        std::vector<size_t> widths;
        for (const Column& c : columns_) widths.push_back(display_width(c.header));
        for (const auto& r : table_)
            for (size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], display_width(r[i]));
        size_t used = 0;
        for (size_t i = 0; i + 1 < widths.size(); ++i) used += widths[i] + 2;
        size_t width = static_cast<size_t>(terminal_width());
        widths.back() = std::min(widths.back(), width > used + 8 ? width - used : 8);
        auto line = [&](const std::vector<std::string>& cells) {
            std::string text;
            for (size_t i = 0; i < cells.size(); ++i) {
                std::string c = cut(cells[i], widths[i]);
                text += c;
                if (i + 1 < cells.size()) text += std::string(widths[i] - display_width(c) + 2, ' ');
            }
            out_ << text << '\n';
        };
        std::vector<std::string> headers;
        for (const Column& c : columns_) headers.push_back(c.header);
        line(headers);
        for (const auto& r : table_) line(r);
    }
    out_.flush();
}

}  // namespace eye::cli
