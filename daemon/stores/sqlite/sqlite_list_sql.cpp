// List statements: keyset positions compare as SQLite row values, (time, id) < (?, ?), which
// the (…, time) indexes serve as a range (the rowid ends every index), so a page read from a
// cursor deep in a list costs what the first one does.
#include "sqlite_list_sql.hpp"

namespace eye::sqlite {

bool counts_up_to_cap(const Conditions& where, const Slice& slice) {
    return slice.max_count > 0 && !where.empty();
}

ListStatements list_statements(const ListedTable& table, const Conditions& where, const Slice& slice) {
    const std::string time = table.time, name = table.name;
    ListStatements s;
    // The inner LIMIT stops the walk of the index at the cap; a count(*) of the whole range
    // would step through every match (10,000,000 events: seconds).
    s.count = counts_up_to_cap(where, slice) ? "SELECT count(*) FROM (SELECT 1 FROM " + name + where.sql() + " LIMIT ?)"
                                             : "SELECT count(*) FROM " + name + where.sql();
    const bool upward = slice.from && slice.toward == Toward::newer;
    s.rows = "SELECT " + std::string(table.columns) + " FROM " + name;
    if (slice.from)
        s.rows += where.sql_and() + "(" + time + ", id) " + (upward ? ">" : "<") + " (?, ?)";
    else
        s.rows += where.sql();
    s.rows += upward ? " ORDER BY " + time + " ASC, id ASC LIMIT ?" : " ORDER BY " + time + " DESC, id DESC LIMIT ?";
    if (!slice.from) s.rows += " OFFSET ?";
    auto beyond = [&](const char* op) {
        return "SELECT EXISTS (SELECT 1 FROM " + name + where.sql_and() + "(" + time + ", id) " + op + " (?, ?))";
    };
    s.older = beyond("<");
    s.newer = beyond(">");
    return s;
}

}  // namespace eye::sqlite
