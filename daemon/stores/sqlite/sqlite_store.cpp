// SqliteStore: a writer connection with prepared statements, and a pool of reader connections
// (WAL lets readers run while the writer commits).
#include "sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <variant>

#include "sqlite_conditions.hpp"
#include "sqlite_list_sql.hpp"
#include "sqlite_schema.hpp"
#include "summary_delta.hpp"
#include "time_buckets.hpp"

namespace eye {

using sqlite::Conditions;
using sqlite::Db;
using sqlite::ListedTable;
using sqlite::ListStatements;
using sqlite::Terms;
using sqlite::list_statements;
using sqlite::Statement;

namespace {

constexpr const char* event_columns = "id, session_id, category, name, data, timestamp, received_at, event_id, app";

Event read_event(const Statement& s) {
    Event e;
    e.id = s.int64(0);
    e.session_id = s.text(1);
    e.category = s.text(2);
    e.name = s.text(3);
    e.data = s.text(4);
    e.timestamp = s.int64(5);
    e.received_at = s.int64(6);
    if (!s.is_null(7)) e.event_id = s.text(7);
    e.app = s.text(8);
    return e;
}

// What a row holds in text, for a page's byte budget (Slice::max_bytes).
std::size_t event_bytes(const Event& e) {
    return e.session_id.size() + e.category.size() + e.name.size() + e.data.size() + e.event_id.size() + e.app.size();
}

constexpr const char* error_columns = "id, received_at, session_id, category, name, code, message, field, raw, app";

RejectedEvent read_error(const Statement& s) {
    RejectedEvent r;
    r.id = s.int64(0);
    r.received_at = s.int64(1);
    r.session_id = s.text(2);
    r.category = s.text(3);
    r.name = s.text(4);
    r.error = Error{s.text(5), s.text(6), s.text(7)};
    r.raw = s.text(8);
    r.app = s.text(9);
    return r;
}

std::size_t error_bytes(const RejectedEvent& r) {
    return r.session_id.size() + r.category.size() + r.name.size() + r.error.message.size() + r.error.field.size() +
           r.raw.size() + r.app.size();
}

// One snapshot for a page's statements, so that its count (unless it is the store's running
// total), its rows and its edges agree under load.
struct ReadTransaction {
    Db& db;
    explicit ReadTransaction(Db& d) : db(d) { db.exec("BEGIN"); }
    ~ReadTransaction() { sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr); }
};

template <typename Row, typename ReadRow>
std::optional<Row> read_by_id(Db& db, const char* table, const char* columns, std::int64_t id, ReadRow read_row) {
    Statement s(db, std::string("SELECT ") + columns + " FROM " + table + " WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_row(s);
}

// Whether a matching row lies strictly beyond `at` the way `toward` goes.
bool exists_beyond(Db& db, const ListStatements& sql, const Filter& filter, Toward toward, const Keyset& at) {
    const sqlite::PositionedStatements& way = toward == Toward::older ? sql.older : sql.newer;
    Statement s(db, way.exists);
    int next = way.where.bind(s);
    Keyset from = sqlite::folded_position(filter, toward, at);
    s.bind(next, from.time).bind(next + 1, from.id);
    s.step();
    return s.int64(0) != 0;
}

// The count of the matching rows (up to slice.max_count) and the rows of one slice, with the
// slice's edges, read from one snapshot (list_statements says how each is found); `all_rows`,
// when given, is the table's row count as the store keeps it, for a list without a filter. One
// row more than asked (or than the slice's byte budget holds) tells whether the list goes on in
// the direction read. `size_of` tells a row's bytes for that budget.
template <typename Page, typename Row, typename ReadRow, typename KeyOf, typename SizeOf>
void read_page(Db& db, const ListedTable& table, const Filter& filter, FilterFields fields, const Slice& slice,
               Page& page, std::vector<Row>& out, ReadRow read_row, KeyOf key_of, SizeOf size_of,
               const std::atomic<std::int64_t>* all_rows = nullptr) {
    ListStatements sql = list_statements(table, filter, fields, slice);
    ReadTransaction snapshot(db);
    if (filter.terms().empty() && all_rows) {
        // Updated by the writer right after each commit: it may differ from this snapshot by the
        // commit in flight, the price of an O(1) total (count(*): 12 ms at 1,000,000 events).
        page.count = all_rows->load();
    } else {
        Statement count(db, sql.count);
        int after_conditions = sql.where.bind(count);
        const bool capped = sqlite::counts_up_to_cap(filter, slice);
        if (capped) count.bind(after_conditions, slice.max_count + 1);
        count.step();
        page.count = count.int64(0);
        page.count_exact = !capped || page.count <= slice.max_count;
        if (!page.count_exact) page.count = slice.max_count;
    }

    const bool upward = slice.from && slice.toward == Toward::newer;
    const std::int64_t limit = static_cast<std::int64_t>(slice.limit) + 1;
    std::optional<Statement> rows;
    if (slice.from) {
        const sqlite::PositionedStatements& way = upward ? sql.newer : sql.older;
        rows.emplace(db, way.rows);
        int next = way.where.bind(*rows);
        Keyset from = sqlite::folded_position(filter, slice.toward, *slice.from);
        rows->bind(next, from.time).bind(next + 1, from.id).bind(next + 2, limit);
    } else {
        rows.emplace(db, sql.first_rows);
        int next = sql.where.bind(*rows);
        rows->bind(next, limit).bind(next + 1, slice.offset);
    }
    bool more = false;
    std::size_t bytes = 0;
    while (rows->step()) {
        // A row stepped to past a full page (by count or by bytes) is not read: it only says
        // that the list goes on.
        if (out.size() == static_cast<std::size_t>(slice.limit) || (slice.max_bytes && bytes >= slice.max_bytes)) {
            more = true;
            break;
        }
        out.push_back(read_row(*rows));
        bytes += size_of(out.back());
    }
    if (upward) std::reverse(out.begin(), out.end());

    PageEdges& edges = page.edges;
    if (!out.empty()) {
        edges.first = key_of(out.front());
        edges.last = key_of(out.back());
        edges.older = upward ? exists_beyond(db, sql, filter, Toward::older, *edges.last) : more;
        edges.newer = upward ? more : exists_beyond(db, sql, filter, Toward::newer, *edges.first);
    } else if (slice.from) {
        // Nothing beyond the position the way it was read; the other way, the position's own
        // row counts again (">=" as "> (time, id - 1)"), since the client has not seen it here.
        Keyset at = *slice.from;
        if (upward)
            edges.older = exists_beyond(db, sql, filter, Toward::older, Keyset{at.time, at.id + 1});
        else
            edges.newer = exists_beyond(db, sql, filter, Toward::newer, Keyset{at.time, at.id - 1});
    }
}

void configure(Db& db, Durability durability) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(durability == Durability::power ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

// PRAGMA synchronous as the connection runs it (a number) in the names the PRAGMA accepts.
std::string synchronous_of(Db& db) {
    Statement s(db, "PRAGMA synchronous");
    if (!s.step()) db.fail(SQLITE_INTERNAL, "PRAGMA synchronous returned no row");
    constexpr const char* names[] = {"off", "normal", "full", "extra"};
    std::int64_t level = s.int64(0);
    return level >= 0 && level < 4 ? names[level] : std::to_string(level);
}

// Damaged pages would otherwise be met only by the queries that touch them, while the daemon
// looked healthy. quick_check reads every page (about 1 s per GiB here), so a big file is
// checked only as far as `budget` allows rather than delaying start-up.
void check_integrity(Db& db, std::chrono::milliseconds budget) {
    using Clock = std::chrono::steady_clock;
    Clock::time_point deadline = Clock::now() + budget;
    sqlite3_progress_handler(
        db.get(), 10000, [](void* until) { return Clock::now() > *static_cast<Clock::time_point*>(until) ? 1 : 0; },
        &deadline);
    std::string verdict;
    try {
        Statement check(db, "PRAGMA quick_check(1)");
        if (check.step()) verdict = check.text(0);
    } catch (const sqlite::Error& e) {
        sqlite3_progress_handler(db.get(), 0, nullptr, nullptr);
        if (e.code() == SQLITE_INTERRUPT) return;
        throw;
    }
    sqlite3_progress_handler(db.get(), 0, nullptr, nullptr);
    if (verdict != "ok")
        throw sqlite::Error(SQLITE_CORRUPT, "the database is damaged (quick_check: " + verdict.substr(0, 200) +
                                                "); restore a backup, or recover it with sqlite3's .recover");
}

bool is_damage(int code) {
    int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

constexpr const char* path_of_data = "CASE json_type(?, '$.path') WHEN 'text' THEN json_extract(?, '$.path') END";

}  // namespace

struct SqliteStore::Writer {
    Db db;
    Statement insert;
    Statement find_fingerprint;
    Statement insert_error;
    DurabilitySettings durability;
    Statement upsert_session;
    Statement upsert_part;
    Statement upsert_rollup;

    Writer(const std::string& path, Durability mode)
        : db(open(path, mode)),
          insert(db,
                 "INSERT INTO events (session_id, category, name, data, timestamp, received_at, event_id, "
                 "fingerprint, app) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (fingerprint) DO NOTHING"),
          find_fingerprint(db, "SELECT id FROM events WHERE fingerprint = ?1"),
          insert_error(db,
                       "INSERT INTO errors (received_at, session_id, category, name, code, message, field, raw, app) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
          durability{mode == Durability::power ? "power" : "process", synchronous_of(db)},
          // SET reads the row as it was before the update, so entry and exit compare against
          // the old first_seen and last_seen. An existing event at the same timestamp has a
          // smaller id: it stays first, and a new one becomes last.
          upsert_session(db,
                         std::string("INSERT INTO sessions (session_id, first_seen, last_seen, events, entry, exit) "
                                     "VALUES (?1, ?2, ?3, ?4, ") +
                             replace_params(path_of_data, 5) + ", " + replace_params(path_of_data, 6) +
                             ") ON CONFLICT (session_id) DO UPDATE SET events = events + excluded.events, "
                             "entry = CASE WHEN excluded.first_seen < first_seen THEN excluded.entry ELSE entry END, "
                             "first_seen = min(first_seen, excluded.first_seen), "
                             "exit = CASE WHEN excluded.last_seen >= last_seen THEN excluded.exit ELSE exit END, "
                             "last_seen = max(last_seen, excluded.last_seen)"),
          upsert_part(db,
                      "INSERT INTO session_parts (session_id, app, category, name, events) VALUES (?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT DO UPDATE SET events = events + excluded.events"),
          upsert_rollup(db,
                        "INSERT INTO rollups (slot, category, name, app, events) VALUES (?1, ?2, ?3, ?4, ?5) "
                        "ON CONFLICT DO UPDATE SET events = events + excluded.events") {}

    // path_of_data with both of its parameters numbered `n`.
    static std::string replace_params(std::string sql, int n) {
        for (auto at = sql.find('?'); at != std::string::npos; at = sql.find('?', at + 1))
            sql.replace(at, 1, "?" + std::to_string(n));
        return sql;
    }

    void apply(const SummaryDelta& delta) {
        for (const auto& [id, s] : delta.sessions) {
            upsert_session.reset();
            upsert_session.bind(1, id).bind(2, s.first->timestamp).bind(3, s.last->timestamp).bind(4, s.events);
            upsert_session.bind(5, s.first->data).bind(6, s.last->data);
            upsert_session.step();
        }
        for (const auto& [key, n] : delta.parts) {
            upsert_part.reset();
            upsert_part.bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key));
            upsert_part.bind(4, std::get<3>(key)).bind(5, n);
            upsert_part.step();
        }
        for (const auto& [key, n] : delta.rollups) {
            upsert_rollup.reset();
            upsert_rollup.bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key));
            upsert_rollup.bind(4, std::get<3>(key)).bind(5, n);
            upsert_rollup.step();
        }
    }

    void reset_all() {
        for (Statement* st : {&insert, &find_fingerprint, &insert_error, &upsert_session, &upsert_part, &upsert_rollup})
            st->reset();
    }

    static Db open(const std::string& path, Durability durability) {
        Db db(path, true);
        configure(db, durability);
        // The unique fingerprint index is written at random places; with SQLite's default 2 MiB
        // cache a batch profile showed 12% in pread re-reading its pages. 32 MiB made batch
        // ingest ~13% faster in an A/B run (peak RSS 20 -> 58 MiB); 16 MiB costs no CPU per
        // event that make bench can tell (18-22 us against 19) and keeps eyed's peak under
        // four concurrent 10,000-event batches at 84-90 MiB instead of 95-101.
        db.exec("PRAGMA cache_size = -16384");
        sqlite::migrate(db);
        check_integrity(db, std::chrono::seconds(3));
        return db;
    }
};

// Hands out reader connections, opening one more when all are busy, up to max_readers; past
// that a read waits for one to be given back. They are kept for reuse.
class SqliteStore::ReaderPool {
    // Each reader fills a page cache of its own (SQLite's default, up to 2 MiB): unbounded, a
    // burst of 500 /healthz counts on ~100,000 events opened some 300 readers and took eyed to
    // 626 MiB RSS. Two cores gain nothing from more concurrent reads than this.
    static constexpr std::size_t max_readers = 16;

public:
    ReaderPool(std::string path, std::function<void(const sqlite::Error&)> on_failure)
        : path_(std::move(path)), on_failure_(std::move(on_failure)) {}

    template <typename Fn>
    auto with(Fn&& fn) {
        std::unique_ptr<Db> db = take();
        struct Return {
            ReaderPool* pool;
            std::unique_ptr<Db>& db;
            ~Return() { pool->give_back(std::move(db)); }
        } back{this, db};
        try {
            return fn(*db);
        } catch (const sqlite::Error& e) {
            on_failure_(e);
            throw;
        }
    }

private:
    std::unique_ptr<Db> take() {
        {
            std::unique_lock lock(mutex_);
            given_back_.wait(lock, [this] { return !idle_.empty() || open_ < max_readers; });
            if (!idle_.empty()) {
                auto db = std::move(idle_.back());
                idle_.pop_back();
                return db;
            }
            ++open_;
        }
        try {
            return std::make_unique<Db>(path_, false);
        } catch (...) {
            std::lock_guard lock(mutex_);
            --open_;
            given_back_.notify_one();
            throw;
        }
    }
    void give_back(std::unique_ptr<Db> db) {
        {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(db));
        }
        given_back_.notify_one();
    }

    std::string path_;
    std::function<void(const sqlite::Error&)> on_failure_;
    std::mutex mutex_;
    std::condition_variable given_back_;
    std::vector<std::unique_ptr<Db>> idle_;
    std::size_t open_ = 0;  // idle or in use
};

SqliteStore::SqliteStore(const std::string& path, Durability durability) : path_(path) {
    auto folder = std::filesystem::path(path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder);
    writer_ = std::make_unique<Writer>(path, durability);
    Statement counted(writer_->db, "SELECT count(*) FROM events");
    counted.step();
    events_ = counted.int64(0);
    readers_ = std::make_unique<ReaderPool>(path, [this](const sqlite::Error& e) { note_failure(e, false); });
    checkpointer_ = std::make_unique<sqlite::WalCheckpointer>(path, writer_->db,
                                                              [durability](Db& db) { configure(db, durability); });
}

void SqliteStore::note_failure(const sqlite::Error& e, bool writing) {
    std::lock_guard lock(problem_mutex_);
    if (is_damage(e.code()))
        damaged_ = std::string("the database is damaged: ") + e.what();
    else if (writing)
        write_failed_ = std::string("the last write failed: ") + e.what();
}

std::optional<std::string> SqliteStore::problem() {
    std::lock_guard lock(problem_mutex_);
    return damaged_ ? damaged_ : write_failed_;
}

SqliteStore::~SqliteStore() = default;

std::vector<AppendResult> SqliteStore::append(std::span<const Event> events, std::span<const RejectedEvent> rejected) {
    std::lock_guard lock(write_mutex_);
    Writer& w = *writer_;
    std::vector<AppendResult> results;
    results.reserve(events.size());
    SummaryDelta delta;
    std::int64_t added = 0;
    w.db.exec("BEGIN IMMEDIATE");
    try {
        for (const Event& e : events) {
            w.insert.reset();
            w.insert.bind(1, e.session_id).bind(2, e.category).bind(3, e.name).bind(4, e.data);
            w.insert.bind(5, e.timestamp).bind(6, e.received_at);
            if (e.event_id.empty())
                w.insert.bind_null(7);
            else
                w.insert.bind(7, e.event_id);
            w.insert.bind_blob(8, e.fingerprint).bind(9, e.app);
            w.insert.step();
            if (w.db.changes() == 1) {
                results.push_back({sqlite3_last_insert_rowid(w.db.get()), false});
                delta.add(e);
                ++added;
                continue;
            }
            w.find_fingerprint.reset();
            w.find_fingerprint.bind_blob(1, e.fingerprint);
            if (!w.find_fingerprint.step()) w.db.fail(SQLITE_INTERNAL, "conflicting event vanished");
            results.push_back({w.find_fingerprint.int64(0), true});
        }
        for (const RejectedEvent& r : rejected) {
            w.insert_error.reset();
            w.insert_error.bind(1, r.received_at).bind(2, r.session_id).bind(3, r.category).bind(4, r.name);
            w.insert_error.bind(5, r.error.code).bind(6, r.error.message).bind(7, r.error.field).bind(8, r.raw);
            w.insert_error.bind(9, r.app);
            w.insert_error.step();
        }
        w.apply(delta);
        w.reset_all();
        w.db.exec("COMMIT");
    } catch (...) {
        w.reset_all();
        sqlite3_exec(w.db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        try {
            throw;
        } catch (const sqlite::Error& e) {
            note_failure(e, true);
        } catch (...) {
        }
        throw;
    }
    events_ += added;
    std::lock_guard problem_lock(problem_mutex_);
    write_failed_.reset();
    return results;
}

std::optional<Event> SqliteStore::find(std::int64_t id) {
    return readers_->with([&](Db& db) { return read_by_id<Event>(db, "events", event_columns, id, read_event); });
}

EventPage SqliteStore::list(const Filter& f, const Slice& slice) {
    return readers_->with([&](Db& db) {
        EventPage page;
        read_page(db, {"events", event_columns, "timestamp"}, f, event_filter_fields, slice, page, page.events, read_event,
                  [](const Event& e) { return Keyset{e.timestamp, e.id}; }, event_bytes, &events_);
        return page;
    });
}

std::int64_t SqliteStore::count() {
    return events_.load();
}

namespace {

// The summary row's columns, then its apps and types from session_parts.
constexpr const char* session_columns = "session_id, first_seen, last_seen, events, entry, exit";

SessionSummary read_session(Db& db, const Statement& s) {
    SessionSummary summary;
    summary.session_id = s.text(0);
    summary.first_seen = s.int64(1);
    summary.last_seen = s.int64(2);
    summary.events = s.int64(3);
    if (!s.is_null(4)) summary.entry = s.text(4);
    if (!s.is_null(5)) summary.exit = s.text(5);
    Statement parts(db,
                    "SELECT app, category, name, events FROM session_parts WHERE session_id = ?1 "
                    "ORDER BY category, name, app");
    parts.bind(1, summary.session_id);
    while (parts.step()) {
        std::string app = parts.text(0);
        if (std::find(summary.apps.begin(), summary.apps.end(), app) == summary.apps.end()) summary.apps.push_back(app);
        std::string category = parts.text(1), name = parts.text(2);
        if (summary.types.empty() || summary.types.back().category != category || summary.types.back().name != name)
            summary.types.push_back({category, name, 0});
        summary.types.back().events += parts.int64(3);
    }
    std::sort(summary.apps.begin(), summary.apps.end());
    return summary;
}

// The SQL that names a series' key in a table with category, name and app columns.
const char* key_sql(StatsKey by) {
    switch (by) {
        case StatsKey::category:
            return "category";
        case StatsKey::name:
            return "name";
        case StatsKey::type:
            return "category || '/' || name";
        case StatsKey::app:
            return "app";
        case StatsKey::all:
            break;
    }
    return "''";
}

std::optional<Micros> bound(const Filter& filter, FilterMatch match) {
    for (const FilterTerm& t : filter.terms())
        if (t.field->match == match) return std::get<Micros>(t.value);
    return std::nullopt;
}

}  // namespace

std::vector<Event> SqliteStore::events_after(const Filter& f, std::int64_t after_id, int limit) {
    Conditions where(f, event_filter_fields);
    return readers_->with([&](Db& db) {
        std::vector<Event> events;
        Statement s(db, std::string("SELECT ") + event_columns + " FROM events WHERE id > ?1" + where.and_sql() +
                            " ORDER BY id LIMIT " + std::to_string(limit));
        s.bind(1, after_id);
        where.bind(s, 2);
        while (s.step()) events.push_back(read_event(s));
        return events;
    });
}

std::int64_t SqliteStore::last_id() {
    return readers_->with([](Db& db) {
        Statement s(db, "SELECT coalesce(max(id), 0) FROM events");
        s.step();
        return s.int64(0);
    });
}

SessionPage SqliteStore::list_sessions(const Filter& f, std::int64_t offset, int limit) {
    Conditions on_sessions(f, session_filter_fields, Terms::bounds);
    Conditions on_parts(f, session_filter_fields, Terms::equals);
    std::string where = on_sessions.sql();
    if (!on_parts.empty())
        where += (where.empty() ? " WHERE " : " AND ") +
                 std::string("session_id IN (SELECT session_id FROM session_parts") + on_parts.sql() + ")";
    auto bind = [&](Statement& st) { return on_parts.bind(st, on_sessions.bind(st)); };
    return readers_->with([&](Db& db) {
        ReadTransaction snapshot(db);
        SessionPage page;
        Statement count(db, "SELECT count(*) FROM sessions" + where);
        bind(count);
        count.step();
        page.count = count.int64(0);
        Statement rows(db, std::string("SELECT ") + session_columns + " FROM sessions" + where +
                               " ORDER BY last_seen DESC, session_id DESC LIMIT ? OFFSET ?");
        int next = bind(rows);
        rows.bind(next, static_cast<std::int64_t>(limit)).bind(next + 1, offset);
        while (rows.step()) page.sessions.push_back(read_session(db, rows));
        return page;
    });
}

std::optional<SessionTimeline> SqliteStore::session_timeline(const std::string& session_id,
                                                             std::optional<TimelineCursor> after, int limit) {
    return session_timeline_within(session_id, after, limit, 0);
}

std::optional<SessionTimeline> SqliteStore::session_timeline_within(const std::string& session_id,
                                                                    std::optional<TimelineCursor> after, int limit,
                                                                    std::size_t max_bytes) {
    return readers_->with([&](Db& db) -> std::optional<SessionTimeline> {
        ReadTransaction snapshot(db);
        Statement summary(db, std::string("SELECT ") + session_columns + " FROM sessions WHERE session_id = ?1");
        summary.bind(1, session_id);
        if (!summary.step()) return std::nullopt;
        SessionTimeline timeline{read_session(db, summary), {}, false};
        // Row values compare (timestamp, id) pairs, which events_by_session serves in order.
        Statement rows(db, std::string("SELECT ") + event_columns +
                               " FROM events WHERE session_id = ?1 AND (timestamp, id) > (?2, ?3) "
                               "ORDER BY timestamp, id LIMIT ?4");
        TimelineCursor from = after.value_or(TimelineCursor{std::numeric_limits<Micros>::min(), 0});
        rows.bind(1, session_id).bind(2, from.timestamp).bind(3, from.id).bind(4, static_cast<std::int64_t>(limit) + 1);
        std::size_t bytes = 0;
        while (rows.step()) {
            // A row stepped to past a full page (by count or by bytes) is not read: it only
            // says that the timeline goes on.
            if (timeline.events.size() == static_cast<std::size_t>(limit) || (max_bytes && bytes >= max_bytes)) {
                timeline.more = true;
                break;
            }
            timeline.events.push_back(read_event(rows));
            bytes += event_bytes(timeline.events.back());
        }
        return timeline;
    });
}

std::vector<SlotCount> SqliteStore::count_slots(const Filter& f, StatsKey by) {
    Conditions same(f, stats_filter_fields, Terms::equals);
    std::optional<Micros> after = bound(f, FilterMatch::at_least), before = bound(f, FilterMatch::at_most);
    // Whole slots [lo, hi) come from the rollups; the parts of slots cut by a bound, from events.
    std::optional<Micros> lo, hi;
    if (after) lo = slot_of(*after) == *after ? *after : slot_of(*after) + rollup_slot;
    if (before) hi = slot_of(*before + 1);
    bool any_whole = !(lo && hi && *lo >= *hi);
    std::string key = key_sql(by);

    return readers_->with([&](Db& db) {
        ReadTransaction snapshot(db);
        // Each query groups by slot and key, and the queries cover disjoint slots (the partial
        // ones at the bounds are not in [lo, hi)): every row is a distinct (slot, key).
        std::vector<SlotCount> out;
        auto from_events = [&](Micros first, Micros last) {
            Statement st(db, "SELECT timestamp - timestamp % 900000000 AS slot, " + key +
                                 ", count(*) FROM events WHERE timestamp >= ?1 AND timestamp <= ?2" + same.and_sql() +
                                 " GROUP BY 1, 2");
            st.bind(1, first).bind(2, last);
            same.bind(st, 3);
            while (st.step()) out.push_back({st.int64(0), st.text(1), st.int64(2)});
        };
        if (!any_whole) {
            from_events(*after, *before);
        } else {
            Statement st(db, "SELECT slot, " + key + ", sum(events) FROM rollups WHERE slot >= ?1 AND slot < ?2" +
                                 same.and_sql() + " GROUP BY 1, 2");
            st.bind(1, lo.value_or(std::numeric_limits<Micros>::min()));
            st.bind(2, hi.value_or(std::numeric_limits<Micros>::max()));
            same.bind(st, 3);
            while (st.step()) out.push_back({st.int64(0), st.text(1), st.int64(2)});
            if (after && *after < *lo) from_events(*after, *lo - 1);
            if (before && *hi <= *before) from_events(*hi, *before);
        }
        return out;
    });
}

std::optional<RejectedEvent> SqliteStore::find_error(std::int64_t id) {
    return readers_->with(
        [&](Db& db) { return read_by_id<RejectedEvent>(db, "errors", error_columns, id, read_error); });
}

ErrorPage SqliteStore::list_errors(const Filter& f, const Slice& slice) {
    return readers_->with([&](Db& db) {
        ErrorPage page;
        read_page(db, {"errors", error_columns, "received_at"}, f, error_filter_fields, slice, page, page.errors, read_error,
                  [](const RejectedEvent& r) { return Keyset{r.received_at, r.id}; }, error_bytes);
        return page;
    });
}

std::vector<ErrorCount> SqliteStore::count_errors(const Filter& f) {
    Conditions where(f, error_filter_fields);
    return readers_->with([&](Db& db) {
        std::vector<ErrorCount> counts;
        Statement s(db,
                    "SELECT code, count(*) AS n FROM errors" + where.sql() + " GROUP BY code ORDER BY n DESC, code");
        where.bind(s);
        while (s.step()) counts.push_back({s.text(0), s.int64(1)});
        return counts;
    });
}

// Applications change rarely: plain statements on the writer connection, under the write lock.
bool SqliteStore::add_app(const App& app) {
    std::lock_guard lock(write_mutex_);
    Db& db = writer_->db;
    db.exec("BEGIN IMMEDIATE");
    try {
        Statement s(db, "INSERT INTO apps (name, key_hash, created_at, scopes) VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT DO NOTHING");
        s.bind(1, app.name).bind_blob(2, app.key_hash).bind(3, app.created_at).bind(4, format_scopes(app.scopes));
        s.step();
        bool added = db.changes() == 1;
        if (added) {
            Statement o(db, "INSERT INTO app_origins (app, origin) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
            for (const std::string& origin : app.origins) {
                o.reset();
                o.bind(1, app.name).bind(2, origin);
                o.step();
            }
        }
        db.exec("COMMIT");
        return added;
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);  // keep the first error
        throw;
    }
}

std::vector<App> SqliteStore::list_apps() {
    return readers_->with([](Db& db) {
        std::vector<App> apps;
        Statement s(db, "SELECT name, key_hash, created_at, revoked_at, scopes FROM apps ORDER BY name");
        Statement o(db, "SELECT origin FROM app_origins WHERE app = ?1 ORDER BY origin");
        while (s.step()) {
            App a{s.text(0), s.text(1), s.int64(2), std::nullopt, all_scopes, {}};
            if (!s.is_null(3)) a.revoked_at = s.int64(3);
            // Written only by add_app; a value it cannot read is damage, and no scope is safest.
            a.scopes = parse_scopes(s.text(4)).value_or(Scopes{false, false});
            o.reset();
            o.bind(1, a.name);
            while (o.step()) a.origins.push_back(o.text(0));
            apps.push_back(std::move(a));
        }
        return apps;
    });
}

bool SqliteStore::change_app_origins(const std::string& name, const std::vector<std::string>& add,
                                     const std::vector<std::string>& remove) {
    std::lock_guard lock(write_mutex_);
    Db& db = writer_->db;
    db.exec("BEGIN IMMEDIATE");
    try {
        Statement live(db, "SELECT 1 FROM apps WHERE name = ?1 AND revoked_at IS NULL");
        live.bind(1, name);
        bool exists = live.step();
        if (exists) {
            Statement del(db, "DELETE FROM app_origins WHERE app = ?1 AND origin = ?2");
            for (const std::string& origin : remove) {
                del.reset();
                del.bind(1, name).bind(2, origin);
                del.step();
            }
            Statement ins(db, "INSERT INTO app_origins (app, origin) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
            for (const std::string& origin : add) {
                ins.reset();
                ins.bind(1, name).bind(2, origin);
                ins.step();
            }
        }
        db.exec("COMMIT");
        return exists;
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

DurabilitySettings SqliteStore::durability() {
    return writer_->durability;  // set when the writer opened and never changed: no lock needed
}

namespace {

// How long one purge transaction may hold the writer. Deleting an event touches five indexes
// (the fingerprint's at a random page) and a few summary rows: a fixed 500 rows took ~40 ms on
// a loaded 2-core machine with 1,000,000 events and cut ingest to a twentieth (README,
// Retention and backup). So the batch adapts: it doubles while transactions take under half
// the budget and halves while they take more.
constexpr auto purge_budget = std::chrono::milliseconds(4);
constexpr int first_purge_batch = 100, min_purge_batch = 10, max_purge_batch = 2000;
// Between purge transactions the lock is let go at least as long as the last one held it, so
// that ingest's writer, waiting on it, gets it first and the purge takes half the writer at most.
constexpr auto min_purge_pause = std::chrono::milliseconds(2);

// What one batch of purged events counted in the summaries and rollups.
struct PurgeDelta {
    std::map<std::string, std::int64_t> sessions;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t> parts;
    std::map<std::tuple<Micros, std::string, std::string, std::string>, std::int64_t> rollups;
};

// A purge's statements on the writer's connection, prepared once per purge rather than per
// transaction (nine of them, in transactions of a few dozen rows on a loaded machine). The
// connection is not thread-safe: they are made, used and finalized under the write lock only.
struct PurgeStatements {
    Statement pick, remove, less_rollup, empty_rollup, less_part, empty_part, less_session, empty_session, new_first;

    explicit PurgeStatements(Db& db)
        : pick(db,
               "SELECT id, session_id, app, category, name, timestamp FROM events "
               "WHERE timestamp < ?1 AND id < ?2 ORDER BY timestamp LIMIT ?3"),
          remove(db, "DELETE FROM events WHERE id = ?1"),
          less_rollup(db,
                      "UPDATE rollups SET events = events - ?5 "
                      "WHERE slot = ?1 AND category = ?2 AND name = ?3 AND app = ?4"),
          empty_rollup(db,
                       "DELETE FROM rollups WHERE slot = ?1 AND category = ?2 AND name = ?3 AND app = ?4 "
                       "AND events <= 0"),
          less_part(db,
                    "UPDATE session_parts SET events = events - ?5 "
                    "WHERE session_id = ?1 AND app = ?2 AND category = ?3 AND name = ?4"),
          empty_part(db,
                     "DELETE FROM session_parts WHERE session_id = ?1 AND app = ?2 AND category = ?3 "
                     "AND name = ?4 AND events <= 0"),
          less_session(db, "UPDATE sessions SET events = events - ?2 WHERE session_id = ?1"),
          empty_session(db, "DELETE FROM sessions WHERE session_id = ?1 AND events <= 0"),
          // Events go oldest first, so a session that keeps some keeps its last one (last_seen
          // and exit stay); its first is now the oldest that remains.
          new_first(db, std::string("UPDATE sessions SET (first_seen, entry) = (SELECT timestamp, ") +
                            "CASE json_type(data, '$.path') WHEN 'text' THEN json_extract(data, '$.path') END " +
                            "FROM events WHERE session_id = ?1 ORDER BY timestamp, id LIMIT 1) "
                            "WHERE session_id = ?1") {}

    // So that no statement holds a read of the database between transactions.
    void reset_all() {
        for (Statement* st : {&pick, &remove, &less_rollup, &empty_rollup, &less_part, &empty_part, &less_session,
                              &empty_session, &new_first})
            st->reset();
    }
};

// Deletes up to `batch` events timestamped before `before` with ids below `below`, oldest
// first, and takes them out of the summaries and rollups, in one transaction on `db` (the
// writer, whose lock the caller holds). Returns the events deleted.
std::int64_t purge_events_batch(Db& db, PurgeStatements& st, Micros before, std::int64_t below, int batch,
                                PurgeCounts& counts) {
    db.exec("BEGIN IMMEDIATE");
    try {
        st.pick.reset();
        st.pick.bind(1, before).bind(2, below).bind(3, std::int64_t{batch});
        std::vector<std::int64_t> ids;
        PurgeDelta delta;
        while (st.pick.step()) {
            ids.push_back(st.pick.int64(0));
            std::string session = st.pick.text(1), app = st.pick.text(2), category = st.pick.text(3),
                        name = st.pick.text(4);
            delta.sessions[session] += 1;
            delta.parts[{session, app, category, name}] += 1;
            delta.rollups[{slot_of(st.pick.int64(5)), category, name, app}] += 1;
        }
        st.pick.reset();
        for (std::int64_t id : ids) {
            st.remove.reset();
            st.remove.bind(1, id);
            st.remove.step();
        }
        for (const auto& [key, n] : delta.rollups) {
            for (Statement* s : {&st.less_rollup, &st.empty_rollup}) {
                s->reset();
                s->bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key));
                s->bind(4, std::get<3>(key));
                if (s == &st.less_rollup) s->bind(5, n);
                s->step();
            }
            counts.rollups += db.changes();
        }
        for (const auto& [key, n] : delta.parts) {
            for (Statement* s : {&st.less_part, &st.empty_part}) {
                s->reset();
                s->bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key));
                s->bind(4, std::get<3>(key));
                if (s == &st.less_part) s->bind(5, n);
                s->step();
            }
        }
        for (const auto& [session, n] : delta.sessions) {
            st.less_session.reset();
            st.less_session.bind(1, session).bind(2, n);
            st.less_session.step();
            st.empty_session.reset();
            st.empty_session.bind(1, session);
            st.empty_session.step();
            if (db.changes() > 0) {
                counts.sessions += 1;
                continue;
            }
            st.new_first.reset();
            st.new_first.bind(1, session);
            st.new_first.step();
        }
        st.reset_all();
        db.exec("COMMIT");
        counts.events += static_cast<std::int64_t>(ids.size());
        return static_cast<std::int64_t>(ids.size());
    } catch (...) {
        st.reset_all();
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

// As purge_events_batch for errors, which nothing else counts.
std::int64_t purge_errors_batch(Db& db, Micros before, std::int64_t below, int batch) {
    Statement remove(db,
                     "DELETE FROM errors WHERE id IN (SELECT id FROM errors WHERE received_at < ?1 AND id < ?2 "
                     "ORDER BY received_at LIMIT ?3)");
    remove.bind(1, before).bind(2, below).bind(3, std::int64_t{batch});
    remove.step();
    return db.changes();
}

}  // namespace

PurgeCounts SqliteStore::purge(Micros before, const std::atomic<bool>* cancel) {
    std::lock_guard purging(purge_mutex_);
    // Plain variables, not a structured binding: the lambdas below capture them, which C++20
    // (and so clang, which builds the fuzz targets) does not allow for bindings.
    const auto newest = readers_->with([](Db& db) {
        Statement s(db, "SELECT (SELECT coalesce(max(id), 0) FROM events), (SELECT coalesce(max(id), 0) FROM errors)");
        s.step();
        return std::pair{s.int64(0), s.int64(1)};
    });
    const std::int64_t newest_event = newest.first, newest_error = newest.second;
    PurgeCounts counts;
    // One transaction per round under the write lock, let go between rounds; each round's size
    // follows the time the last one took.
    auto rounds = [&](auto&& one_round) {
        using Clock = std::chrono::steady_clock;
        int batch = first_purge_batch;
        for (;;) {
            std::int64_t done = 0;
            Clock::duration held{};
            {
                std::lock_guard lock(write_mutex_);
                auto began = Clock::now();
                try {
                    done = one_round(batch);
                } catch (const sqlite::Error& e) {
                    note_failure(e, true);
                    throw;
                }
                held = Clock::now() - began;
            }
            if (done < batch || (cancel && cancel->load())) return;
            if (held < purge_budget / 2) batch = std::min(batch * 2, max_purge_batch);
            if (held > purge_budget) batch = std::max(batch / 2, min_purge_batch);
            std::this_thread::sleep_for(std::max<Clock::duration>(held, min_purge_pause));
        }
    };
    // Made at the first round and finalized at the end, both under the write lock.
    std::optional<PurgeStatements> statements;
    struct Finalize {
        std::mutex& lock;
        std::optional<PurgeStatements>& statements;
        ~Finalize() {
            std::lock_guard held(lock);
            statements.reset();
        }
    } finalize{write_mutex_, statements};
    rounds([&](int batch) {
        if (!statements) statements.emplace(writer_->db);
        std::int64_t n = purge_events_batch(writer_->db, *statements, before, newest_event, batch, counts);
        events_ -= n;
        return n;
    });
    rounds([&](int batch) {
        std::int64_t n = purge_errors_batch(writer_->db, before, newest_error, batch);
        counts.errors += n;
        return n;
    });
    return counts;
}

BackupResult SqliteStore::backup(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) || ec)
        throw std::invalid_argument(path + " exists: a backup is written to a new file");
    try {
        // VACUUM INTO reads one snapshot (WAL: the writer goes on meanwhile) and writes it
        // compacted, so the copy also gives back the space purges freed.
        readers_->with([&](Db& db) {
            Statement s(db, "VACUUM INTO ?1");
            s.bind(1, path);
            s.step();
            return 0;
        });
        Db copy(path, false);
        Statement s(copy, "SELECT count(*), coalesce(max(id), 0) FROM events");
        s.step();
        BackupResult result{static_cast<std::int64_t>(std::filesystem::file_size(path)), s.int64(0), s.int64(1)};
        return result;
    } catch (...) {
        std::filesystem::remove(path, ec);  // never leave half a copy that looks like a backup
        throw;
    }
}

std::int64_t SqliteStore::disk_bytes() {
    std::int64_t total = 0;
    for (const std::string& file : {path_, path_ + "-wal"}) {
        std::error_code absent;
        auto size = std::filesystem::file_size(file, absent);
        if (!absent) total += static_cast<std::int64_t>(size);
    }
    return total;
}

bool SqliteStore::revoke_app(const std::string& name, Micros at) {
    std::lock_guard lock(write_mutex_);
    Statement s(writer_->db, "UPDATE apps SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL");
    s.bind(1, name).bind(2, at);
    s.step();
    return writer_->db.changes() == 1;
}

}  // namespace eye
