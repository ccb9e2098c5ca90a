// A filter table (shared/filter.hpp) as eye options: one --FLAG per field (range bounds also
// under journalctl's names, --since and --until), and the query parameters the given ones make.
// eye resolves times as people write them (time_words.hpp); the daemon checks the rest, so eye
// and the API agree.
#pragma once

#include <string>
#include <vector>

#include <Poco/URI.h>
#include <CLI/CLI.hpp>

#include "filter.hpp"
#include "time_words.hpp"

namespace eye::cli {

class FilterOptions {
public:
    explicit FilterOptions(FilterFields fields) : fields_(fields), values_(fields.size()) {}
    FilterOptions(const FilterOptions&) = delete;  // CLI11 holds pointers into values_
    FilterOptions& operator=(const FilterOptions&) = delete;

    // Adds --FLAG (with the field's help) for every field; an at_least field also answers to
    // --since, an at_most one to --until.
    void add_to(CLI::App& command);
    // Adds param=value to `uri` for every option given a non-empty value, a time resolved
    // against `now` in `zone` and sent as UTC ISO 8601. Throws UsageError naming the flag
    // when a time names no instant.
    void add_query(Poco::URI& uri, Zone zone, Micros now) const;

private:
    FilterFields fields_;
    std::vector<std::string> values_;  // one per field, in the table's order
};

// journalctl's name for a range bound's flag: "since" (at_least), "until" (at_most), else "".
std::string_view time_alias(FilterMatch match);

}  // namespace eye::cli
