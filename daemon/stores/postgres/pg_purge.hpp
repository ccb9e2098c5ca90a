// Retention on PostgreSQL: whole months older than the limit go as partitions (DETACH + DROP),
// the rest of the limit's month row by row; the summaries, rollups and fingerprints of what
// goes are taken out in the same transaction, as the SQLite store's purge does.
#pragma once

#include <optional>

#include "pg_connection.hpp"
#include "pg_schema.hpp"
#include "store.hpp"

namespace eye::pg {

// The oldest partition of `events` whose whole month lies before `before`, if any. Run inside
// the writer's transaction, under its lock, so that the answer holds until the commit.
std::optional<MonthPartition> oldest_month_before(Connection& db, Micros before);

// Takes the month's events out of the session summaries, their types, the rollups and the
// fingerprints, then detaches and drops its partition; adds what went to `counts`. Run inside
// the writer's transaction, under its lock (writers of every instance wait meanwhile; readers
// wait only for the DETACH at its end). Returns the events that went.
std::int64_t drop_month(Connection& db, const MonthPartition& month, PurgeCounts& counts);

// Deletes up to `limit` of the oldest events timestamped before `before` and takes them out of
// the summaries, rollups and fingerprints, inside the writer's transaction; adds what went to
// `counts`. Returns the events deleted.
std::int64_t delete_events_before(Connection& db, Micros before, int limit, PurgeCounts& counts);

// Deletes up to `limit` of the oldest errors received before `before`; returns how many.
std::int64_t delete_errors_before(Connection& db, Micros before, int limit);

}  // namespace eye::pg
