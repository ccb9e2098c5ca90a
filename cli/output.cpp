// Output formats. JSON is rendered by Poco; CSV quoting follows RFC 4180; a table fits the
// terminal by cutting the columns that matter least first.
#include "output.hpp"

#include <algorithm>
#include <exception>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include <sys/ioctl.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include "exit_codes.hpp"
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

// "2021-01-01T09:15:27.243860Z" in the table's zone: to the second (a person reads the second),
// or whole. A value that is no timestamp is shown as it came.
std::string table_time(const std::string& iso, const Style& style) {
    auto t = parse_timestamp(iso);
    if (!t) return iso;
    return show_time(*t, style.zone, style.wide);
}

bool needs_quotes(const std::string& s) {
    return s.empty() || s.find_first_of(" =\"\t\n") != std::string::npos;
}

}  // namespace

std::string compact_payload(const Poco::Dynamic::Var& value) {
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) return json_text(value);
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    std::string text;
    for (const auto& [key, member] : *object) {
        if (!text.empty()) text += ' ';
        text += key + '=';
        if (member.isString()) {
            std::string s = member.extract<std::string>();
            text += needs_quotes(s) ? json_text(member) : s;
        } else {
            text += json_text(member);
        }
    }
    return text;
}

std::string shown_of(long shown, long total, bool exact) {
    auto grouped = [](long n) {
        std::string digits = std::to_string(n), out;
        for (size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return out;
    };
    return grouped(shown) + " of " + (exact ? "" : "more than ") + grouped(total) + " shown";
}

void print_record(std::ostream& out, const Style& style, const std::vector<Column>& columns,
                  const Poco::JSON::Object::Ptr& object) {
    if (style.format == Format::json) {
        object->stringify(out, 2);
        out << '\n';
        check_output(out);
        return;
    }
    if (style.format != Format::table) {
        Printer printer(out, style, columns);
        printer.row(object);
        printer.finish();
        return;
    }
    size_t width = 0;
    for (const Column& c : columns) width = std::max(width, c.key.size());
    for (const Column& c : columns) {
        std::string value;
        if (object->has(c.key) && !object->isNull(c.key)) {
            const Poco::Dynamic::Var& v = object->get(c.key);
            if (c.cell == Cell::payload && !style.wide)
                value = compact_payload(v);
            else if (c.cell == Cell::time && v.isString())
                value = table_time(v.extract<std::string>(), style) + " (" + zone_name(style.zone) + ")";
            else
                value = v.isString() ? v.extract<std::string>() : json_text(v);
        }
        out << c.key << std::string(width - c.key.size() + 2, ' ') << value << '\n';
    }
    check_output(out);
}

std::vector<Column> event_columns() {
    return {{"id", "ID"},
            {"timestamp", "TIME", Cell::time},
            {"session_id", "SESSION", Cell::text, 8},
            {"category", "CATEGORY", Cell::text, 8},
            {"name", "NAME", Cell::text, 8},
            {"app", "APP", Cell::text, 5},
            {"data", "DATA", Cell::payload}};
}

bool use_colour(int fd) {
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(fd) && !(no_colour && *no_colour);
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

Printer::Printer(std::ostream& out, Style style, std::vector<Column> columns)
    : out_(out), style_(style), columns_(std::move(columns)) {
    if (style_.format == Format::table)
        for (Column& c : columns_)
            if (c.cell == Cell::time) c.header += " (" + zone_name(style_.zone) + ")";
    if (style_.format == Format::csv) {
        for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << columns_[i].key;
        out_ << '\n';
    }
}

Printer::~Printer() {
    // Unwinding from an error (the daemon unreachable, say): no empty table under the message.
    if (finished_ || std::uncaught_exceptions() > 0) return;
    try {
        finish();
    } catch (const OutputError&) {
        // The stream stays failed: eye's main checks standard output before it exits.
    }
}

std::string Printer::cell(const Poco::JSON::Object::Ptr& object, const Column& column) const {
    if (!object->has(column.key) || object->isNull(column.key)) return "";
    const Poco::Dynamic::Var& v = object->get(column.key);
    if (style_.format == Format::table) {
        if (column.cell == Cell::payload && !style_.wide) return compact_payload(v);
        if (column.cell == Cell::time && v.isString()) return table_time(v.extract<std::string>(), style_);
        if (column.cell == Cell::list && v.type() == typeid(Poco::JSON::Array::Ptr)) {
            std::string text;
            for (const auto& item : *v.extract<Poco::JSON::Array::Ptr>())
                text += (text.empty() ? "" : ", ") + (item.isString() ? item.extract<std::string>() : json_text(item));
            return text;
        }
        if (column.cell == Cell::offset && v.isNumeric()) {
            char text[32];
            std::snprintf(text, sizeof text, "+%.3fs", v.convert<double>());
            return text;
        }
    }
    if (v.isString()) return v.extract<std::string>();
    return json_text(v);
}

void Printer::row(const Poco::JSON::Object::Ptr& object) {
    switch (style_.format) {
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
            for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << csv_field(cell(object, columns_[i]));
            out_ << '\n';
            break;
        case Format::table: {
            std::vector<std::string> cells;
            for (const Column& c : columns_) cells.push_back(cell(object, c));
            table_.push_back(std::move(cells));
            break;
        }
    }
    ++rows_;
    // Stop at the first failed write: an export to a full disk must not fetch every page first.
    if (!out_.good()) check_output(out_);
}

std::vector<std::size_t> Printer::table_widths() const {
    std::vector<size_t> widths;
    for (const Column& c : columns_) widths.push_back(display_width(c.header));
    for (const auto& r : table_)
        for (size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], display_width(r[i]));
    if (style_.wide || widths.empty()) return widths;

    const size_t width = static_cast<size_t>(std::max(style_.width, 20));
    const size_t last = widths.size() - 1;
    const size_t gaps = 2 * last;
    auto others = [&] {
        size_t sum = 0;
        for (size_t i = 0; i < last; ++i) sum += widths[i];
        return sum;
    };
    const size_t wanted = std::min(widths[last], std::max<size_t>(width * 2 / 5, 16));
    while (others() + gaps + wanted > width) {
        size_t widest = last;  // the column with the most to give
        for (size_t i = 0; i < last; ++i)
            if (columns_[i].min_width > 0 && widths[i] > columns_[i].min_width &&
                (widest == last || widths[i] - columns_[i].min_width > widths[widest] - columns_[widest].min_width))
                widest = i;
        if (widest == last) break;
        --widths[widest];
    }
    size_t used = others() + gaps;
    widths[last] = std::min(widths[last], used + 8 < width ? width - used : 8);
    return widths;
}

void Printer::finish() {
    finished_ = true;
    if (style_.format == Format::json) {
        out_ << (rows_ == 0 ? "[]\n" : "\n]\n");
    } else if (style_.format == Format::table) {
        std::vector<size_t> widths = table_widths();
        auto line = [&](const std::vector<std::string>& cells, bool heading = false) {
            std::string text = heading && style_.colour ? "\x1b[1m" : "";
            for (size_t i = 0; i < cells.size(); ++i) {
                std::string c = cut(cells[i], widths[i]);
                text += c;
                if (i + 1 < cells.size()) text += std::string(widths[i] - display_width(c) + 2, ' ');
            }
            out_ << text << (heading && style_.colour ? "\x1b[0m" : "") << '\n';
        };
        std::vector<std::string> headers;
        for (const Column& c : columns_) headers.push_back(c.header);
        line(headers, true);
        for (const auto& r : table_) line(r);
    }
    check_output(out_);
}

}  // namespace eye::cli
