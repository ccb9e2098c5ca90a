// List statements: keyset positions compare as SQLite row values, (time, id) < (?, ?), which
// the (…, time) indexes serve as a range (the rowid ends every index), so a page read from a
// cursor deep in a list costs what the first one does.
#include "sqlite_list_sql.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace eye::sqlite {
namespace {

PositionedStatements positioned(const ListedTable& table, const Filter& filter, FilterFields fields, Toward toward) {
    const bool older = toward == Toward::older;
    PositionedStatements s{Conditions(filter, fields, older ? Terms::all_but_at_most : Terms::all_but_at_least), "",
                           ""};
    const std::string from = std::string(" FROM ") + table.name + s.where.sql_and() + "(" + table.time + ", id) " +
                             (older ? "<" : ">") + " (?, ?)";
    const std::string time = table.time;
    s.rows = std::string("SELECT ") + table.columns + from +
             (older ? " ORDER BY " + time + " DESC, id DESC LIMIT ?" : " ORDER BY " + time + " ASC, id ASC LIMIT ?");
    s.exists = "SELECT EXISTS (SELECT 1" + from + ")";
    return s;
}

}  // namespace

bool counts_up_to_cap(const Filter& filter, const Slice& slice) {
    return slice.max_count > 0 && !filter.terms().empty();
}

ListStatements list_statements(const ListedTable& table, const Filter& filter, FilterFields fields,
                               const Slice& slice) {
    ListStatements s{Conditions(filter, fields), "", "", positioned(table, filter, fields, Toward::older),
                     positioned(table, filter, fields, Toward::newer)};
    const std::string name = table.name, time = table.time;
    // The inner LIMIT stops the walk of the index at the cap; a count(*) of the whole range
    // would step through every match (10,000,000 events: seconds).
    s.count = counts_up_to_cap(filter, slice) ? "SELECT count(*) FROM (SELECT 1 FROM " + name + s.where.sql() + " LIMIT ?)"
                                              : "SELECT count(*) FROM " + name + s.where.sql();
    s.first_rows = "SELECT " + std::string(table.columns) + " FROM " + name + s.where.sql() + " ORDER BY " + time +
                   " DESC, id DESC LIMIT ? OFFSET ?";
    return s;
}

Keyset folded_position(const Filter& filter, Toward toward, Keyset at) {
    constexpr Micros no_time_max = std::numeric_limits<Micros>::max(), no_time_min = std::numeric_limits<Micros>::min();
    for (const FilterTerm& term : filter.terms()) {
        Micros bound = takes_time(*term.field) ? std::get<Micros>(term.value) : 0;
        // time <= b is (time, id) < (b + 1, 0), ids being positive; time >= b is
        // (time, id) > (b - 1, max id).
        if (toward == Toward::older && term.field->match == FilterMatch::at_most && bound < no_time_max)
            at = std::min(at, Keyset{bound + 1, 0}, [](const Keyset& a, const Keyset& b) {
                return std::tie(a.time, a.id) < std::tie(b.time, b.id);
            });
        if (toward == Toward::newer && term.field->match == FilterMatch::at_least && bound > no_time_min)
            at = std::max(at, Keyset{bound - 1, std::numeric_limits<std::int64_t>::max()},
                          [](const Keyset& a, const Keyset& b) {
                              return std::tie(a.time, a.id) < std::tie(b.time, b.id);
                          });
    }
    return at;
}

}  // namespace eye::sqlite
