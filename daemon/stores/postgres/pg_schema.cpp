// Schema migrations for PostgreSQL. Append new steps; never edit a step that has shipped.
#include "pg_schema.hpp"

#include <array>
#include <chrono>

namespace eye::pg {
namespace {

// pg_advisory_lock keys: any two numbers no other application on the database uses.
constexpr std::int64_t migration_lock = 0x657965'0001;  // "eye" 1

constexpr std::array migrations{
    // 1: the whole schema of the SQLite store's four steps, in PostgreSQL's terms.
    //
    // events are partitioned by month of `timestamp` (retention drops a partition), and a
    // unique index on a partitioned table must include the partition key — a fingerprint
    // unique per month would let a retry in another month through. So exactly-once lives in
    // `fingerprints`, a plain table with a primary key that every instance's insert meets.
    //
    // Ids come from one sequence, taken by writers that hold one transaction-level advisory
    // lock until they commit, so ids grow in commit order across instances: a follower that
    // resumes after id N can never miss an event committed later with a smaller id.
    R"sql(
        CREATE SEQUENCE event_ids;
        CREATE TABLE events (
            id          bigint NOT NULL,
            session_id  text   NOT NULL,
            category    text   NOT NULL,
            name        text   NOT NULL,
            data        text   NOT NULL,
            timestamp   bigint NOT NULL,
            received_at bigint NOT NULL,
            event_id    text,
            app         text   NOT NULL,
            PRIMARY KEY (timestamp, id)
        ) PARTITION BY RANGE (timestamp);
        CREATE INDEX events_by_id       ON events (id);
        CREATE INDEX events_by_session  ON events (session_id, timestamp, id);
        CREATE INDEX events_by_category ON events (category, timestamp);
        CREATE TABLE fingerprints (
            fingerprint bytea  PRIMARY KEY,
            id          bigint NOT NULL
        );

        CREATE TABLE errors (
            id          bigserial PRIMARY KEY,
            received_at bigint NOT NULL,
            session_id  text   NOT NULL,
            category    text   NOT NULL,
            name        text   NOT NULL,
            code        text   NOT NULL,
            message     text   NOT NULL,
            field       text   NOT NULL,
            raw         text   NOT NULL,
            app         text   NOT NULL
        );
        CREATE INDEX errors_by_time ON errors (received_at, id);
        CREATE INDEX errors_by_code ON errors (code, received_at);

        CREATE TABLE apps (
            name       text   PRIMARY KEY,
            key_hash   bytea  NOT NULL UNIQUE,
            created_at bigint NOT NULL,
            revoked_at bigint
        );

        CREATE TABLE sessions (
            session_id text   PRIMARY KEY,
            first_seen bigint NOT NULL,
            last_seen  bigint NOT NULL,
            events     bigint NOT NULL,
            entry      text,
            exit       text
        );
        CREATE INDEX sessions_by_last_seen ON sessions (last_seen, session_id);
        CREATE TABLE session_parts (
            session_id text   NOT NULL,
            app        text   NOT NULL,
            category   text   NOT NULL,
            name       text   NOT NULL,
            events     bigint NOT NULL,
            PRIMARY KEY (session_id, app, category, name)
        );
        CREATE INDEX session_parts_by_type ON session_parts (category, name);
        CREATE INDEX session_parts_by_app  ON session_parts (app);
        CREATE TABLE rollups (
            slot     bigint NOT NULL,
            category text   NOT NULL,
            name     text   NOT NULL,
            app      text   NOT NULL,
            events   bigint NOT NULL,
            PRIMARY KEY (slot, category, name, app)
        );
    )sql",
    // 2: what each app's key may do (app_scope.hpp; apps from before could do everything), and
    // the web origins its browser tracker may send from — as the SQLite store's step 5.
    R"sql(
        ALTER TABLE apps ADD COLUMN scopes text NOT NULL DEFAULT 'ingest,read';
        CREATE TABLE app_origins (
            app    text NOT NULL REFERENCES apps (name),
            origin text NOT NULL,
            PRIMARY KEY (app, origin)
        );
    )sql",
    // 3: the events stored, kept by the writers in their transactions (and by purges), so that
    // /healthz and /status read one row instead of counting a table (count(*) over 1,000,000
    // events takes tens of ms; SQLite's store keeps its count in memory, which several
    // instances cannot share).
    R"sql(
        CREATE TABLE event_count (
            one    boolean PRIMARY KEY DEFAULT true CHECK (one),
            events bigint  NOT NULL
        );
        INSERT INTO event_count (events) SELECT count(*) FROM fingerprints;
    )sql",
    // 4: an index for each list filter that had none, as the SQLite store's step 6, so that no
    // filter of GET /events/ or GET /errors/ reads a whole table (on the partitioned events,
    // each month's partition gets its own).
    R"sql(
        CREATE INDEX events_by_app  ON events (app, timestamp);
        CREATE INDEX events_by_name ON events (name, timestamp);
        CREATE INDEX errors_by_session  ON errors (session_id, received_at);
        CREATE INDEX errors_by_category ON errors (category, received_at);
        CREATE INDEX errors_by_name     ON errors (name, received_at);
        CREATE INDEX errors_by_app      ON errors (app, received_at);
    )sql",
    // 5: fingerprints by event id, for purges: taking a purged event's fingerprint out read the
    // whole table in every purge transaction, while every instance's writers waited.
    R"sql(
        CREATE INDEX fingerprints_by_id ON fingerprints (id);
    )sql",
};

int current_version(Connection& db) {
    db.run("CREATE TABLE IF NOT EXISTS eye_schema (version integer NOT NULL)");
    Result r = db.exec("SELECT coalesce(max(version), 0) FROM eye_schema");
    return static_cast<int>(r.int64(0, 0));
}

}  // namespace

int newest_schema_version() {
    return static_cast<int>(migrations.size());
}

void migrate(Connection& db) {
    db.exec("SELECT pg_advisory_lock($1)", Params().int64(migration_lock));
    struct Unlock {
        Connection& db;
        ~Unlock() {
            try {
                if (db.ok()) db.exec("SELECT pg_advisory_unlock($1)", Params().int64(migration_lock));
            } catch (const Error&) {
                // the lock ends with the session anyway
            }
        }
    } unlock{db};
    int current = current_version(db);
    int newest = newest_schema_version();
    if (current > newest)
        throw Error("", false,
                    "database schema version " + std::to_string(current) + " is newer than this eyed understands (" +
                        std::to_string(newest) + ")");
    for (int v = current; v < newest; ++v) {
        db.run("BEGIN");
        try {
            db.run(migrations[v]);
            db.exec("INSERT INTO eye_schema (version) VALUES ($1)", Params().int64(v + 1));
            db.run("COMMIT");
        } catch (...) {
            try {
                db.run("ROLLBACK");
            } catch (const Error&) {
                // keep the first error
            }
            throw;
        }
    }
}

MonthPartition month_partition(std::int64_t t) {
    using namespace std::chrono;
    sys_time<microseconds> at{microseconds(t)};
    year_month_day day{floor<days>(at)};
    year_month month = day.year() / day.month();
    year_month next = month + months(1);
    auto start = [](year_month m) { return duration_cast<microseconds>(sys_days(m / 1).time_since_epoch()).count(); };
    char name[32];
    std::snprintf(name, sizeof name, "events_%04d_%02u", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    return {name, start(month), start(next)};
}

void ensure_partition(Connection& db, const MonthPartition& month) {
    // Names and bounds come from month_partition (digits only): nothing from input is spliced.
    db.run("CREATE TABLE IF NOT EXISTS " + month.name + " PARTITION OF events FOR VALUES FROM (" +
           std::to_string(month.from) + ") TO (" + std::to_string(month.to) + ")");
}

}  // namespace eye::pg
