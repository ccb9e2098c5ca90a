// Purging on PostgreSQL. What went is first summed per session type and per rollup slot into
// temporary tables; set-based statements then take those sums out of the summaries. Unlike
// SQLite's, this purge keeps no newest row: ids come from a sequence, which never hands out
// an id twice, whatever the table holds.
#include "pg_purge.hpp"

#include <chrono>
#include <cstdio>
#include <limits>
#include <string>

#include "time_buckets.hpp"

namespace eye::pg {
namespace {

// A rollup slot in SQL, as slot_of() computes it (floor to 15 minutes, before 1970 too).
std::string slot_sql(const std::string& t) {
    std::string r = std::to_string(rollup_slot);
    return "(" + t + " - ((" + t + " % " + r + ") + " + r + ") % " + r + ")";
}

// Sums what `gone` (a table or partition of purged events) counted, then takes the sums out of
// rollups, session_parts and sessions: rows left with nothing are deleted (and counted), the
// others lowered. A session that keeps events starts at its oldest event at or after
// `remaining_from` (the events before it are still in `gone` when it is a partition).
void take_out_of_summaries(Connection& db, const std::string& gone, Micros remaining_from, PurgeCounts& counts) {
    db.run("CREATE TEMP TABLE purged_slots ON COMMIT DROP AS SELECT " + slot_sql("timestamp") +
           " AS slot, category, name, app, count(*) AS n FROM " + gone + " GROUP BY 1, 2, 3, 4");
    db.run(
        "CREATE TEMP TABLE purged_parts ON COMMIT DROP AS SELECT session_id, app, category, name, count(*) AS n "
        "FROM " +
        gone + " GROUP BY 1, 2, 3, 4");
    db.run(
        "CREATE TEMP TABLE purged_sessions ON COMMIT DROP AS SELECT session_id, sum(n) AS n FROM purged_parts "
        "GROUP BY 1");

    const char* same_slot = "r.slot = d.slot AND r.category = d.category AND r.name = d.name AND r.app = d.app";
    counts.rollups +=
        db.exec(std::string("DELETE FROM rollups r USING purged_slots d WHERE ") + same_slot + " AND r.events <= d.n")
            .affected();
    db.exec(std::string("UPDATE rollups r SET events = r.events - d.n FROM purged_slots d WHERE ") + same_slot);

    const char* same_part =
        "p.session_id = d.session_id AND p.app = d.app AND p.category = d.category AND p.name = d.name";
    db.exec(std::string("DELETE FROM session_parts p USING purged_parts d WHERE ") + same_part +
            " AND p.events <= d.n");
    db.exec(std::string("UPDATE session_parts p SET events = p.events - d.n FROM purged_parts d WHERE ") + same_part);

    counts.sessions +=
        db.exec("DELETE FROM sessions s USING purged_sessions d WHERE s.session_id = d.session_id AND s.events <= d.n")
            .affected();
    db.exec("UPDATE sessions s SET events = s.events - d.n FROM purged_sessions d WHERE s.session_id = d.session_id");
    // Events go oldest first, so a session that keeps some keeps its last one (last_seen and
    // exit stay); its first is now the oldest that remains, its entry that one's data.path.
    db.exec(
        "UPDATE sessions s SET (first_seen, entry) = (SELECT e.timestamp, "
        "CASE WHEN json_typeof(e.data::json -> 'path') = 'string' THEN e.data::json ->> 'path' END "
        "FROM events e WHERE e.session_id = s.session_id AND e.timestamp >= $1::bigint "
        "ORDER BY e.timestamp, e.id LIMIT 1) "
        "WHERE s.session_id IN (SELECT session_id FROM purged_sessions) AND EXISTS (SELECT 1 FROM events e "
        "WHERE e.session_id = s.session_id AND e.timestamp >= $1::bigint)",
        Params().int64(remaining_from));

    // A purged event's fingerprint goes with it, as on SQLite (where it is a column of the
    // event): a resend is then a new event, not a duplicate of one that no longer exists.
    std::int64_t events = db.exec("DELETE FROM fingerprints f USING " + gone + " e WHERE f.id = e.id").affected();
    db.exec("UPDATE event_count SET events = events - $1::bigint", Params().int64(events));
    db.run("DROP TABLE purged_slots, purged_parts, purged_sessions");
}

MonthPartition month_named(const std::string& name) {
    int year = 0;
    unsigned month = 0;
    std::sscanf(name.c_str(), "events_%4d_%2u", &year, &month);
    using namespace std::chrono;
    sys_days first = std::chrono::year(year) / std::chrono::month(month) / 1;
    return month_partition(duration_cast<microseconds>(first.time_since_epoch()).count());
}

}  // namespace

std::optional<MonthPartition> oldest_month_before(Connection& db, Micros before) {
    // Partition names sort by month (events_YYYY_MM); only those eyed made are considered.
    Result r = db.exec(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{4}_[0-9]{2}$' "
        "ORDER BY c.relname LIMIT 1");
    if (r.rows() == 0) return std::nullopt;
    MonthPartition month = month_named(r.text(0, 0));
    if (month.name != r.text(0, 0) || month.to > before) return std::nullopt;
    return month;
}

std::int64_t drop_month(Connection& db, const MonthPartition& month, PurgeCounts& counts) {
    // Names come from month_partition (digits only): nothing from input is spliced.
    std::int64_t events = db.exec("SELECT count(*) FROM " + month.name).int64(0, 0);
    take_out_of_summaries(db, month.name, month.to, counts);
    db.run("ALTER TABLE events DETACH PARTITION " + month.name);
    db.run("DROP TABLE " + month.name);
    counts.events += events;
    return events;
}

std::int64_t delete_events_before(Connection& db, Micros before, int limit, PurgeCounts& counts) {
    db.run(
        "CREATE TEMP TABLE purged_events (id bigint, session_id text, app text, category text, name text, "
        "timestamp bigint) ON COMMIT DROP");
    db.exec(
        "WITH gone AS (DELETE FROM events WHERE (timestamp, id) IN (SELECT timestamp, id FROM events "
        "WHERE timestamp < $1::bigint ORDER BY timestamp, id LIMIT $2::bigint) "
        "RETURNING id, session_id, app, category, name, timestamp) INSERT INTO purged_events SELECT * FROM gone",
        Params().int64(before).int64(limit));
    std::int64_t events = db.exec("SELECT count(*) FROM purged_events").int64(0, 0);
    if (events > 0) take_out_of_summaries(db, "purged_events", std::numeric_limits<Micros>::min(), counts);
    db.run("DROP TABLE purged_events");
    counts.events += events;
    return events;
}

std::int64_t delete_errors_before(Connection& db, Micros before, int limit) {
    return db
        .exec(
            "DELETE FROM errors WHERE id IN (SELECT id FROM errors WHERE received_at < $1::bigint "
            "ORDER BY received_at, id LIMIT $2::bigint)",
            Params().int64(before).int64(limit))
        .affected();
}

}  // namespace eye::pg
