// A list filter declared as data: each field is one row naming its query parameter, its CLI
// flag and the stored attribute it constrains. Query parsing (daemon), CLI options (eye) and
// store conditions all derive from the rows, so a field cannot be forgotten on one side.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "timestamp.hpp"

namespace eye {

enum class FilterMatch {
    equals,    // the attribute equals a text
    at_least,  // the attribute, a time, is at or after the bound (inclusive)
    at_most,   // the attribute, a time, is at or before the bound (inclusive)
};

struct FilterField {
    std::string_view param;      // the API's query parameter: "session_id", "timestamp_after"
    std::string_view flag;       // eye's option without its dashes: "session", "after"
    std::string_view attribute;  // what it constrains, as both stores name it: "session_id", "timestamp"
    FilterMatch match;
    std::string_view help;  // the option's help in eye
};

using FilterFields = std::span<const FilterField>;

// One field's value: a text for `equals`, a time for the range bounds.
using FilterValue = std::variant<std::string, Micros>;

struct FilterTerm {
    const FilterField* field;
    FilterValue value;
};

// The terms a query asked for, each naming the field (of one FilterFields table) it fills.
class Filter {
public:
    explicit Filter(FilterFields fields) : fields_(fields) {}

    // Sets the field whose param is `param`. Throws std::logic_error when the table has no
    // such field or the value's kind does not fit the field: a programming error, not input.
    Filter& set(std::string_view param, FilterValue value);

    FilterFields fields() const { return fields_; }
    const std::vector<FilterTerm>& terms() const { return terms_; }

private:
    FilterFields fields_;
    std::vector<FilterTerm> terms_;
};

// Whether a field takes a time (a range bound) rather than a text.
inline bool takes_time(const FilterField& field) {
    return field.match != FilterMatch::equals;
}

}  // namespace eye
