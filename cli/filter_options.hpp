// A filter table (shared/filter.hpp) as eye options: one --FLAG per field, and the query
// parameters the given ones make. The daemon checks the values, so eye and the API agree.
#pragma once

#include <string>
#include <vector>

#include <Poco/URI.h>
#include <CLI/CLI.hpp>

#include "filter.hpp"

namespace eye::cli {

class FilterOptions {
public:
    explicit FilterOptions(FilterFields fields) : fields_(fields), values_(fields.size()) {}
    FilterOptions(const FilterOptions&) = delete;  // CLI11 holds pointers into values_
    FilterOptions& operator=(const FilterOptions&) = delete;

    // Adds --FLAG (with the field's help) for every field.
    void add_to(CLI::App& command);
    // Adds param=value to `uri` for every option given a non-empty value.
    void add_query(Poco::URI& uri) const;

private:
    FilterFields fields_;
    std::vector<std::string> values_;  // one per field, in the table's order
};

}  // namespace eye::cli
