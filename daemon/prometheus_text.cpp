// The exposition format's escaping and number rules, in one place.
#include "prometheus_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace eye {
namespace {

// HELP text escapes backslash and newline; label values also the double quote.
void write_escaped(std::ostream& out, std::string_view text, bool quote) {
    for (char c : text) {
        if (c == '\\')
            out << "\\\\";
        else if (c == '\n')
            out << "\\n";
        else if (quote && c == '"')
            out << "\\\"";
        else
            out << c;
    }
}

// Shortest text that reads back as the same double; Go's ParseFloat spellings for the rest.
std::string number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", value);
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ << "# HELP " << name << ' ';
    write_escaped(out_, help, false);
    out_ << "\n# TYPE " << name << ' ' << type << '\n';
}

void PrometheusText::series(std::string_view name, const Labels& labels, std::string_view le) {
    out_ << name;
    if (labels.empty() && le.empty()) return;
    char sep = '{';
    for (const auto& [label, value] : labels) {
        out_ << sep << label << "=\"";
        write_escaped(out_, value, true);
        out_ << '"';
        sep = ',';
    }
    if (!le.empty()) out_ << sep << "le=\"" << le << '"';
    out_ << '}';
}

void PrometheusText::sample(std::string_view name, const Labels& labels, std::uint64_t value) {
    series(name, labels);
    out_ << ' ' << value << '\n';
}

void PrometheusText::sample(std::string_view name, const Labels& labels, double value) {
    series(name, labels);
    out_ << ' ' << number(value) << '\n';
}

void PrometheusText::histogram(std::string_view name, const Labels& labels, const Histogram::Snapshot& snapshot) {
    std::string bucket = std::string(name) + "_bucket";
    for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
        std::string le = i < snapshot.bounds.size() ? number(snapshot.bounds[i]) : "+Inf";
        series(bucket, labels, le);
        out_ << ' ' << snapshot.cumulative[i] << '\n';
    }
    sample(std::string(name) + "_sum", labels, snapshot.sum);
    sample(std::string(name) + "_count", labels, snapshot.count);
}

}  // namespace eye
