// The statements one page of a list runs, as text: for the store to run and for a test to
// EXPLAIN (every filter must be served by an index, never a scan of the table).
#pragma once

#include <string>

#include "slice.hpp"
#include "sqlite_conditions.hpp"

namespace eye::sqlite {

// A list's table: its name, the columns read, and the time column of its newest-first order.
struct ListedTable {
    const char* name;
    const char* columns;
    const char* time;  // with id, the order: "timestamp" or "received_at"
};

// Each statement binds the conditions' values first (Conditions::bind from 1), then what its
// comment says.
struct ListStatements {
    // The matching rows, up to a cap when counts_up_to_cap: then it binds the cap + 1.
    std::string count;
    // The slice's rows plus one: then (time, id) of slice.from when set, the limit, and the
    // offset when slice.from is not set.
    std::string rows;
    // Whether a matching row lies strictly older / newer than a position: then time, id.
    std::string older;
    std::string newer;
};

// Whether a list's count stops at slice.max_count: only a filtered one's. An unfiltered list
// is counted whole (the store keeps the events' count as it writes them; errors are few).
bool counts_up_to_cap(const Conditions& where, const Slice& slice);

ListStatements list_statements(const ListedTable& table, const Conditions& where, const Slice& slice);

}  // namespace eye::sqlite
