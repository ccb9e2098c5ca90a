// Schema migrations. Append new steps; never edit a step that has shipped.
#include "sqlite_schema.hpp"

#include <array>
#include <string>

#include <spdlog/spdlog.h>

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
    // 4: what the writer keeps beside the events in the same transaction, so that session lists
    // and statistics never scan events: one summary row per session, its event counts per app
    // and type, and event counts per 15-minute slot (time_buckets.hpp) and type and app. Filled
    // here from the events already stored.
    R"sql(
        CREATE TABLE sessions (
            session_id TEXT    PRIMARY KEY,
            first_seen INTEGER NOT NULL,
            last_seen  INTEGER NOT NULL,
            events     INTEGER NOT NULL,
            entry      TEXT,
            exit       TEXT
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_last_seen ON sessions (last_seen, session_id);
        CREATE TABLE session_parts (
            session_id TEXT    NOT NULL,
            app        TEXT    NOT NULL,
            category   TEXT    NOT NULL,
            name       TEXT    NOT NULL,
            events     INTEGER NOT NULL,
            PRIMARY KEY (session_id, app, category, name)
        ) WITHOUT ROWID;
        CREATE INDEX session_parts_by_type ON session_parts (category, name);
        CREATE INDEX session_parts_by_app  ON session_parts (app);
        CREATE TABLE rollups (
            slot     INTEGER NOT NULL,
            category TEXT    NOT NULL,
            name     TEXT    NOT NULL,
            app      TEXT    NOT NULL,
            events   INTEGER NOT NULL,
            PRIMARY KEY (slot, category, name, app)
        ) WITHOUT ROWID;

        INSERT INTO session_parts (session_id, app, category, name, events)
            SELECT session_id, app, category, name, count(*) FROM events GROUP BY 1, 2, 3, 4;
        INSERT INTO rollups (slot, category, name, app, events)
            SELECT timestamp - timestamp % 900000000, category, name, app, count(*) FROM events GROUP BY 1, 2, 3, 4;
        INSERT INTO sessions (session_id, first_seen, last_seen, events)
            SELECT session_id, min(timestamp), max(timestamp), count(*) FROM events GROUP BY session_id;
        UPDATE sessions SET
            entry = (SELECT CASE json_type(data, '$.path') WHEN 'text' THEN json_extract(data, '$.path') END
                     FROM events e WHERE e.session_id = sessions.session_id ORDER BY timestamp, id LIMIT 1),
            exit  = (SELECT CASE json_type(data, '$.path') WHEN 'text' THEN json_extract(data, '$.path') END
                     FROM events e WHERE e.session_id = sessions.session_id ORDER BY timestamp DESC, id DESC LIMIT 1);
    )sql",
    // 5: what each app's key may do (app_scope.hpp; apps from before could do everything), and
    // the web origins its browser tracker may send from.
    R"sql(
        ALTER TABLE apps ADD COLUMN scopes TEXT NOT NULL DEFAULT 'ingest,read';
        CREATE TABLE app_origins (
            app    TEXT NOT NULL REFERENCES apps (name),
            origin TEXT NOT NULL,
            PRIMARY KEY (app, origin)
        ) WITHOUT ROWID;
    )sql",
    // 6: an index for each filter of GET /events/ and GET /errors/ that had none, so that no
    // filter scans a table (app= on 1,000,000 events: ~200 ms, name=: ~270 ms). Building them
    // on an existing file reads every event: the first start after the upgrade took ~65 s at
    // 10,000,000 events here (on a loaded machine), within systemd's default 90 s start
    // timeout but not by much. Errors are few and written rarely: four more indexes cost little.
    R"sql(
        CREATE INDEX events_by_app  ON events (app, timestamp);
        CREATE INDEX events_by_name ON events (name, timestamp);
        CREATE INDEX errors_by_session  ON errors (session_id, received_at);
        CREATE INDEX errors_by_category ON errors (category, received_at);
        CREATE INDEX errors_by_name     ON errors (name, received_at);
        CREATE INDEX errors_by_app      ON errors (app, received_at);
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
    // An upgrade can read every event (step 6 builds indexes: ~70 s at 10,000,000 events here),
    // so say why the start takes long.
    if (current > 0 && current < newest)
        spdlog::info("upgrading the database schema from version {} to {}; on a large database this can take minutes",
                     current, newest);
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
