// The PostgreSQL schema: numbered migrations, applied once however many instances start at once.
#pragma once

#include <string>

#include "pg_connection.hpp"

namespace eye::pg {

// Applies the migrations the database lacks, each in its own transaction, holding a session
// advisory lock meanwhile so that instances starting together migrate once (the others wait,
// then find nothing to do). Throws Error when a step fails, or when the database's schema is
// newer than this eyed knows.
void migrate(Connection& db);

int newest_schema_version();

// The name and bounds of the monthly partition of `events` that holds `t`:
// "events_2021_01", [2021-01-01, 2021-02-01) in microseconds.
struct MonthPartition {
    std::string name;
    std::int64_t from = 0;
    std::int64_t to = 0;
};
MonthPartition month_partition(std::int64_t t);

// Creates the partition unless it exists. Run inside the writer's transaction (under its lock),
// so a partition appears once, before the first event of its month.
void ensure_partition(Connection& db, const MonthPartition& month);

}  // namespace eye::pg
