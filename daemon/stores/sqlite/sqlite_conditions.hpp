// A WHERE clause derived from a filter's terms, for the SQLite store's queries.
#pragma once

#include <string>
#include <vector>

#include "filter.hpp"
#include "sqlite_handle.hpp"

namespace eye::sqlite {

// Which of a filter's terms a Conditions keeps: those on one table of a query over two, or all
// but the time bound on one side (when a keyset position takes its place).
enum class Terms { all, equals, bounds, all_but_at_least, all_but_at_most };

// Each term's attribute (a column name from the filter tables declared in shared/, never from
// input) with one bound value.
class Conditions {
public:
    // Throws std::logic_error when `filter` is not of the `expected` table.
    Conditions(const Filter& filter, FilterFields expected, Terms which = Terms::all);
    // " WHERE a = ? AND b >= ?", or "" without terms.
    std::string sql() const { return join(" WHERE "); }
    // " AND a = ? AND b >= ?", to follow a WHERE of the query's own, or "" without terms.
    std::string and_sql() const { return join(" AND "); }
    // The clause ready for one more condition: " WHERE " or "<conditions> AND ".
    std::string sql_and() const { return clauses_.empty() ? " WHERE " : sql() + " AND "; }
    bool empty() const { return clauses_.empty(); }
    // Binds the values from parameter `first` on; returns the next free parameter index.
    int bind(Statement& s, int first = 1) const;

private:
    std::string join(const char* lead) const;
    std::vector<std::string> clauses_;
    std::vector<FilterValue> values_;
};

}  // namespace eye::sqlite
