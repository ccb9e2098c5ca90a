// The SQLite schema and its migrations, applied by the daemon at start.
#pragma once

#include "sqlite_handle.hpp"

namespace eye::sqlite {

// Brings the database up to the newest schema version (kept in PRAGMA user_version), one
// migration per transaction. Refuses a database written by a newer eyed.
void migrate(Db& db);

int schema_version(Db& db);

// The version migrate() brings a database to.
int newest_schema_version();

}  // namespace eye::sqlite
