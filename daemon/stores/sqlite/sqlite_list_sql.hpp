// The statements one page of a list runs, as text: for the store to run and for a test to
// EXPLAIN (every filter must be served by an index, never a scan of the table).
#pragma once

#include <string>

#include "filter.hpp"
#include "slice.hpp"
#include "sqlite_conditions.hpp"

namespace eye::sqlite {

// A list's table: its name, the columns read, and the time column of its newest-first order.
struct ListedTable {
    const char* name;
    const char* columns;
    const char* time;  // with id, the order: "timestamp" or "received_at"
};

// The statements that compare (time, id) with a position one way. The filter's time bound on
// that side is not among their conditions: it is folded into the position (folded_position),
// so that the index range starts at the position, not at the bound. With both, SQLite walks
// from whichever it picks, and a page deep inside a time window cost the rows above it.
struct PositionedStatements {
    Conditions where;    // bound first, then the position's time and id
    std::string rows;    // the rows beyond the position in this direction, nearest first; then the limit
    std::string exists;  // whether any matching row lies beyond the position
};

struct ListStatements {
    Conditions where;        // every term of the filter
    std::string count;       // binds `where`, then the cap + 1 when counts_up_to_cap
    std::string first_rows;  // from the newest: binds `where`, then the limit and the offset
    PositionedStatements older;  // (time, id) < position, newest first
    PositionedStatements newer;  // (time, id) > position, oldest first
};

// Whether a list's count stops at slice.max_count: only a filtered one's. An unfiltered list
// is counted whole (the store keeps the events' count as it writes them; errors are few).
bool counts_up_to_cap(const Filter& filter, const Slice& slice);

// Throws std::logic_error when `filter` is not of `fields`' table.
ListStatements list_statements(const ListedTable& table, const Filter& filter, FilterFields fields,
                               const Slice& slice);

// `at`, moved to the filter's time bound on the side `toward` when that bound is nearer: the
// rows beyond the result (in that direction) are exactly the rows beyond `at` within the bound.
Keyset folded_position(const Filter& filter, Toward toward, Keyset at);

}  // namespace eye::sqlite
