// Schema migrations. Append new steps; never edit a step that has shipped.
#include "sqlite_schema.hpp"

#include <array>
#include <string>

namespace eye::sqlite {
namespace {

constexpr std::array migrations{
    // 1: events, with one index per query of the brief (session, category, time range), each
    // ending in timestamp so the newest-first order comes from the index, and the fingerprint
    // that makes storage exactly-once. No AUTOINCREMENT: rows are never deleted, so the rowid is
    // monotonic anyway, and an insert that turns out to be a duplicate then uses up no id.
    R"sql(
        CREATE TABLE events (
            id          INTEGER PRIMARY KEY,
            session_id  TEXT    NOT NULL,
            category    TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            data        TEXT    NOT NULL,
            timestamp   INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            event_id    TEXT,
            fingerprint BLOB    NOT NULL UNIQUE
        );
        CREATE INDEX events_by_session  ON events (session_id, timestamp);
        CREATE INDEX events_by_category ON events (category, timestamp);
        CREATE INDEX events_by_time     ON events (timestamp);
    )sql",
    // 2: refused events, kept with the reason so the team can monitor them.
    R"sql(
        CREATE TABLE errors (
            id          INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            session_id  TEXT    NOT NULL,
            category    TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            code        TEXT    NOT NULL,
            message     TEXT    NOT NULL,
            field       TEXT    NOT NULL,
            raw         TEXT    NOT NULL
        );
        CREATE INDEX errors_by_time ON errors (received_at);
        CREATE INDEX errors_by_code ON errors (code, received_at);
    )sql",
    // 3: trusted applications, and who sent each event and error. Rows from before this
    // version were sent without a key.
    R"sql(
        CREATE TABLE apps (
            name       TEXT    PRIMARY KEY,
            key_hash   BLOB    NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        ALTER TABLE events ADD COLUMN app TEXT NOT NULL DEFAULT 'anonymous';
        ALTER TABLE errors ADD COLUMN app TEXT NOT NULL DEFAULT 'anonymous';
    )sql",
};

}  // namespace

int schema_version(Db& db) {
    Statement s(db, "PRAGMA user_version");
    s.step();
    return static_cast<int>(s.int64(0));
}

int newest_schema_version() {
    return static_cast<int>(migrations.size());
}

void migrate(Db& db) {
    int current = schema_version(db);
    int newest = newest_schema_version();
    if (current > newest)
        throw Error(SQLITE_ERROR, "database schema version " + std::to_string(current) +
                                      " is newer than this eyed understands (" + std::to_string(newest) + ")");
    for (int v = current; v < newest; ++v) {
        db.exec("BEGIN IMMEDIATE");
        try {
            db.exec(migrations[v]);
            db.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);  // keep the first error
            throw;
        }
    }
}

}  // namespace eye::sqlite
