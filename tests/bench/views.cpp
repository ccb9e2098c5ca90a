// bench_views: the read views on a store of N events (default 1,000,000), through eyed's own
// store: p50/p99 of the first page (with its count) of each list filter, a deep page by number
// and by cursor, a month of hourly stats, a session timeline page and the first page of sessions.
// The events are written straight into SQLite (the schema from the store's own migrations, the
// summaries and rollups computed beside them), so that 10,000,000 take minutes, not an hour.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>

#include "fingerprint.hpp"
#include "paging.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_store.hpp"
#include "stats.hpp"
#include "time_buckets.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// p50 and p99 in ms of `runs` calls.
std::pair<double, double> time_it(int runs, const std::function<void()>& call) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        auto start = Clock::now();
        call();
        ms.push_back(ms_since(start));
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

const char* const categories[] = {"page interaction", "form interaction", "navigation", "media"};
const char* const names[] = {"pageview", "cta click", "submit"};
const char* const apps[] = {"web", "mobile"};

// Event n of `events`: 1,000 events per session (so events / 1,000 sessions), spread evenly over
// 60 days from 2021-01-01, 4 categories x 3 names x 2 apps.
eye::Event synthetic(long n, long events) {
    static const eye::Micros start = *eye::parse_timestamp("2021-01-01T00:00:00Z");
    const eye::Micros step = 60LL * 86'400'000'000LL / events;
    eye::Event e;
    e.session_id = "session-" + std::to_string(n % std::max(1L, events / 1000));
    e.category = categories[n % 4];
    e.name = names[n % 3];
    e.app = apps[n % 2];
    e.data = R"({"element":"chat bubble","host":"www.example.com","path":"/p)" + std::to_string(n % 50) + "\"}";
    e.timestamp = start + n * step;
    e.received_at = e.timestamp;
    e.fingerprint = eye::fingerprint(e);
    return e;
}

std::string path_of(const eye::Event& e) {
    auto at = e.data.find("\"path\":\"");
    return e.data.substr(at + 8, e.data.size() - at - 8 - 2);
}

// Writes `events` events, their session summaries, session parts and rollups into the store's
// schema with plain INSERTs in 100,000-row transactions (no fingerprint lookups, no upserts):
// what the writer would have left, in a fraction of its time. Returns events/s.
double generate(const std::string& path, long events) {
    { eye::SqliteStore migrate(path, eye::Durability::process); }
    eye::sqlite::Db db(path, false);
    db.exec("PRAGMA synchronous = OFF");
    db.exec("PRAGMA cache_size = -1000000");  // 1 GB: the fingerprint index is inserted at random
    eye::sqlite::Statement insert(db,
                                  "INSERT INTO events (id, session_id, category, name, data, timestamp, received_at, "
                                  "fingerprint, app) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)");
    struct Session {
        eye::Micros first = 0, last = 0;
        long events = 0;
        std::string entry, exit;
    };
    std::map<std::string, Session> sessions;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, long> parts;  // session, app, category, name
    std::map<std::tuple<eye::Micros, std::string, std::string, std::string>, long> rollups;  // slot, category, name, app
    auto start = Clock::now();
    db.exec("BEGIN");
    for (long n = 0; n < events; ++n) {
        eye::Event e = synthetic(n, events);
        insert.bind(1, static_cast<std::int64_t>(n + 1))
            .bind(2, e.session_id)
            .bind(3, e.category)
            .bind(4, e.name)
            .bind(5, e.data)
            .bind(6, e.timestamp)
            .bind_blob(7, e.fingerprint)
            .bind(8, e.app);
        insert.step();
        insert.reset();
        Session& s = sessions[e.session_id];
        if (s.events++ == 0) s.first = e.timestamp, s.entry = path_of(e);
        s.last = e.timestamp;  // events come in time order
        s.exit = path_of(e);
        ++parts[{e.session_id, e.app, e.category, e.name}];
        ++rollups[{eye::slot_of(e.timestamp), e.category, e.name, e.app}];
        if ((n + 1) % 100'000 == 0) db.exec("COMMIT; BEGIN");
    }
    eye::sqlite::Statement session(
        db, "INSERT INTO sessions (session_id, first_seen, last_seen, events, entry, exit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (auto& [id, s] : sessions) {
        session.bind(1, id).bind(2, s.first).bind(3, s.last).bind(4, static_cast<std::int64_t>(s.events));
        session.bind(5, s.entry).bind(6, s.exit);
        session.step();
        session.reset();
    }
    eye::sqlite::Statement part(
        db, "INSERT INTO session_parts (session_id, app, category, name, events) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (auto& [key, count] : parts) {
        auto& [id, app, category, name] = key;
        part.bind(1, id).bind(2, app).bind(3, category).bind(4, name).bind(5, static_cast<std::int64_t>(count));
        part.step();
        part.reset();
    }
    eye::sqlite::Statement rollup(db, "INSERT INTO rollups (slot, category, name, app, events) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (auto& [key, count] : rollups) {
        auto& [slot, category, name, app] = key;
        rollup.bind(1, slot).bind(2, category).bind(3, name).bind(4, app).bind(5, static_cast<std::int64_t>(count));
        rollup.step();
        rollup.reset();
    }
    db.exec("COMMIT");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return static_cast<double>(events) / (ms_since(start) / 1000);
}

// How many events the file at `path` holds; 0 when it is not there.
long stored_events(const std::string& path) {
    if (!std::filesystem::exists(path)) return 0;
    eye::sqlite::Db db(path, false);
    eye::sqlite::Statement s(db, "SELECT coalesce(max(id), 0) FROM events");
    s.step();
    return static_cast<long>(s.int64(0));
}

eye::Micros at(const char* text) {
    return *eye::parse_timestamp(text);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_views: list pages, stats, sessions on a store of many events"};
    std::string db = "/tmp/bench-views/eye.db";
    long events = 1'000'000;
    int runs = 50;
    bool keep = false;
    app.add_option("--db", db, "database file (replaced unless --keep finds it holding --events events)");
    app.add_option("--events", events, "events to store");
    app.add_option("--runs", runs, "calls per measured query");
    app.add_flag("--keep", keep, "reuse the database file when it already holds --events events (eyed migrates it)");
    CLI11_PARSE(app, argc, argv);

    double generated = 0;
    if (!keep || stored_events(db) != events) {
        std::filesystem::remove_all(std::filesystem::path(db).parent_path());
        std::filesystem::create_directories(std::filesystem::path(db).parent_path());
        generated = generate(db, events);
    }
    auto open_start = Clock::now();
    eye::SqliteStore store(db, eye::Durability::process);  // migrates a kept file made by an older eyed
    double open_ms = ms_since(open_start);

    std::printf("| On %ld stored events (SQLite, in-process) | p50 | p99 |\n|---|---|---|\n", events);
    auto row = [&](const char* what, const std::function<void()>& call) {
        call();  // once untimed, so the first timed call does not pay for a cold page cache alone
        auto [p50, p99] = time_it(runs, call);
        std::printf("| %s | %.2f ms | %.2f ms |\n", what, p50, p99);
        std::fflush(stdout);
    };

    // The first page (10 events, its count and links) as GET /events/ reads it.
    eye::PageRequest first;
    auto list = [&](const char* what, eye::Filter filter) {
        row(what, [&, filter] { store.list(filter, first.slice()); });
    };
    const eye::Micros day = at("2021-01-20T00:00:00Z"), day_end = at("2021-01-20T23:59:59.999999Z");
    list("first page, no filter", eye::event_filter());
    list("first page, session_id", eye::event_filter().set("session_id", std::string("session-7")));
    list("first page, category", eye::event_filter().set("category", std::string("page interaction")));
    list("first page, one-day window",
         eye::event_filter().set("timestamp_after", day).set("timestamp_before", day_end));
    list("first page, category + day", eye::event_filter()
                                           .set("category", std::string("page interaction"))
                                           .set("timestamp_after", day)
                                           .set("timestamp_before", day_end));
    list("first page, app", eye::event_filter().set("app", std::string("web")));
    list("first page, name", eye::event_filter().set("name", std::string("cta click")));

    // page=5000 as a client asks it, and the same depth reached by following next.
    eye::PageRequest deep;
    deep.page = std::min<long>(5000, std::max(1L, events / 10));
    row("page=5000 (by number)", [&] { store.list(eye::event_filter(), deep.slice()); });
    eye::Slice at_depth = deep.slice();
    auto landing = store.list(eye::event_filter(), at_depth);
    eye::PageRequest by_cursor;
    by_cursor.cursor = eye::Cursor{eye::Toward::older, landing.edges.first.value_or(eye::Keyset{})};
    row("the same depth by a next cursor", [&] { store.list(eye::event_filter(), by_cursor.slice()); });

    eye::Filter month = eye::stats_filter()
                            .set("after", at("2021-01-15T00:00:00Z"))
                            .set("before", at("2021-02-14T23:59:59.999999Z"));
    eye::TimeBuckets hours(eye::BucketUnit::hour, "Europe/Berlin");
    row("a month of hourly stats by category (Europe/Berlin, bounds on slots)", [&] {
        auto counts = store.count_slots(month, eye::StatsKey::category);
        eye::tabulate(counts, hours, at("2021-01-15T00:00:00Z"), at("2021-02-14T23:59:59.999999Z"), false);
    });
    eye::Filter ragged = eye::stats_filter()
                             .set("after", at("2021-01-15T00:07:13Z"))
                             .set("before", at("2021-02-14T23:52:01Z"));
    row("the same with bounds inside slots (edges counted from events)", [&] {
        auto counts = store.count_slots(ragged, eye::StatsKey::category);
        eye::tabulate(counts, hours, at("2021-01-15T00:07:13Z"), at("2021-02-14T23:52:01Z"), false);
    });
    row("a 1,000-event session timeline page", [&] { store.session_timeline("session-7", std::nullopt, 1000); });
    row("the first page of sessions (10)", [&] { store.list_sessions(eye::session_filter(), 0, 10); });

    if (generated > 0)
        std::printf("\nGenerated by direct inserts (100,000-row transactions, summaries and rollups beside): %.0f events/s\n",
                    generated);
    std::printf("Opening the store (quick_check up to 3 s, migrations): %.0f ms\n", open_ms);
    return 0;
}
