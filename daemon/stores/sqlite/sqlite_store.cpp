// SqliteStore: a writer connection with prepared statements, and a pool of reader connections
// (WAL lets readers run while the writer commits).
#include "sqlite_store.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <tuple>
#include <variant>

#include "sqlite_schema.hpp"

namespace eye {

using sqlite::Db;
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

// A WHERE clause derived from a filter's terms: each term's attribute (a column name from the
// filter tables declared in shared/, never from input) with one bound value.
class Conditions {
public:
    Conditions(const Filter& filter, FilterFields expected) {
        if (filter.fields().data() != expected.data())
            throw std::logic_error("a filter of another table was given to this list");
        for (const FilterTerm& term : filter.terms()) {
            sql_ += sql_.empty() ? " WHERE " : " AND ";
            sql_ += term.field->attribute;
            sql_ += term.field->match == FilterMatch::equals     ? " = ?"
                    : term.field->match == FilterMatch::at_least ? " >= ?"
                                                                 : " <= ?";
            values_.push_back(term.value);
        }
    }
    const std::string& sql() const { return sql_; }
    // The clause ready for one more condition: " WHERE " or "<conditions> AND ".
    std::string sql_and() const { return sql_.empty() ? " WHERE " : sql_ + " AND "; }
    // Binds the values from parameter 1 on; returns the next free parameter index.
    int bind(Statement& s) const {
        int i = 1;
        for (const auto& v : values_) std::visit([&](const auto& x) { s.bind(i++, x); }, v);
        return i;
    }

private:
    std::string sql_;
    std::vector<FilterValue> values_;
};

// One snapshot for a count and its page, so that `count` and `results` agree under load.
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

// A list's table as read_page needs it: the columns, and the time column of its order.
struct ListedTable {
    const char* name;
    const char* columns;
    const char* time;  // with id, the newest-first order: "timestamp" or "received_at"
};

// Whether a matching row lies strictly beyond `at` in `op`'s direction ("<" older, ">" newer).
bool exists_beyond(Db& db, const ListedTable& table, const Conditions& where, const char* op, const Keyset& at) {
    Statement s(db, std::string("SELECT EXISTS (SELECT 1 FROM ") + table.name + where.sql_and() + "(" + table.time +
                        ", id) " + op + " (?, ?))");
    int next = where.bind(s);
    s.bind(next, at.time).bind(next + 1, at.id);
    s.step();
    return s.int64(0) != 0;
}

// The rows of one slice, the count of all that match and the slice's edges, read from one
// snapshot. Keyset positions compare as SQLite row values, (time, id) < (?, ?), which the
// (…, time) indexes serve as a range: a page deep in a list costs what the first one does.
// One row more than asked tells whether the list goes on in the direction read.
template <typename Row, typename ReadRow, typename KeyOf>
std::pair<std::int64_t, std::vector<Row>> read_page(Db& db, const ListedTable& table, const Conditions& where,
                                                    const Slice& slice, PageEdges& edges, ReadRow read_row,
                                                    KeyOf key_of) {
    ReadTransaction snapshot(db);
    Statement count(db, std::string("SELECT count(*) FROM ") + table.name + where.sql());
    where.bind(count);
    count.step();
    std::pair<std::int64_t, std::vector<Row>> page{count.int64(0), {}};

    const std::string time = table.time;
    const bool upward = slice.from && slice.toward == Toward::newer;
    std::string sql = std::string("SELECT ") + table.columns + " FROM " + table.name;
    if (slice.from)
        sql += where.sql_and() + "(" + time + ", id) " + (upward ? ">" : "<") + " (?, ?)";
    else
        sql += where.sql();
    sql += upward ? " ORDER BY " + time + " ASC, id ASC LIMIT ?" : " ORDER BY " + time + " DESC, id DESC LIMIT ?";
    if (!slice.from) sql += " OFFSET ?";
    Statement rows(db, sql);
    int next = where.bind(rows);
    if (slice.from) {
        rows.bind(next, slice.from->time).bind(next + 1, slice.from->id);
        next += 2;
    }
    rows.bind(next, static_cast<std::int64_t>(slice.limit) + 1);
    if (!slice.from) rows.bind(next + 1, slice.offset);
    auto& out = page.second;
    while (rows.step()) out.push_back(read_row(rows));
    bool more = out.size() > static_cast<std::size_t>(slice.limit);
    if (more) out.pop_back();
    if (upward) std::reverse(out.begin(), out.end());

    if (!out.empty()) {
        edges.first = key_of(out.front());
        edges.last = key_of(out.back());
        edges.older = upward ? exists_beyond(db, table, where, "<", *edges.last) : more;
        edges.newer = upward ? more : exists_beyond(db, table, where, ">", *edges.first);
    } else if (slice.from) {
        // Nothing beyond the position the way it was read; the other way, the position's own
        // row counts again (">=" as "> (time, id - 1)"), since the client has not seen it here.
        Keyset at = *slice.from;
        if (upward)
            edges.older = exists_beyond(db, table, where, "<", Keyset{at.time, at.id + 1});
        else
            edges.newer = exists_beyond(db, table, where, ">", Keyset{at.time, at.id - 1});
    }
    return page;
}

void configure(Db& db, Durability durability) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(durability == Durability::power ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

}  // namespace

struct SqliteStore::Writer {
    Db db;
    Statement insert;
    Statement find_fingerprint;
    Statement insert_error;

    Writer(const std::string& path, Durability durability)
        : db(open(path, durability)),
          insert(db,
                 "INSERT INTO events (session_id, category, name, data, timestamp, received_at, event_id, "
                 "fingerprint, app) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (fingerprint) DO NOTHING"),
          find_fingerprint(db, "SELECT id FROM events WHERE fingerprint = ?1"),
          insert_error(db,
                       "INSERT INTO errors (received_at, session_id, category, name, code, message, field, raw, app) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)") {}

    static Db open(const std::string& path, Durability durability) {
        Db db(path, true);
        configure(db, durability);
        // The unique fingerprint index is written at random places; with SQLite's default 2 MiB
        // cache a batch profile showed 12% in pread re-reading its pages. 32 MiB made batch
        // ingest ~13% faster in an A/B run (peak RSS 20 -> 58 MiB).
        db.exec("PRAGMA cache_size = -32768");
        sqlite::migrate(db);
        return db;
    }
};

// Hands out reader connections, opening one more when all are busy; they are kept for reuse.
class SqliteStore::ReaderPool {
public:
    explicit ReaderPool(std::string path) : path_(std::move(path)) {}

    template <typename Fn>
    auto with(Fn&& fn) {
        std::unique_ptr<Db> db = take();
        struct Return {
            ReaderPool* pool;
            std::unique_ptr<Db>& db;
            ~Return() { pool->give_back(std::move(db)); }
        } back{this, db};
        return fn(*db);
    }

private:
    std::unique_ptr<Db> take() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto db = std::move(idle_.back());
                idle_.pop_back();
                return db;
            }
        }
        return std::make_unique<Db>(path_, false);
    }
    void give_back(std::unique_ptr<Db> db) {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(db));
    }

    std::string path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Db>> idle_;
};

SqliteStore::SqliteStore(const std::string& path, Durability durability) {
    auto folder = std::filesystem::path(path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder);
    writer_ = std::make_unique<Writer>(path, durability);
    readers_ = std::make_unique<ReaderPool>(path);
}

SqliteStore::~SqliteStore() = default;

std::vector<AppendResult> SqliteStore::append(std::span<const Event> events, std::span<const RejectedEvent> rejected) {
    std::lock_guard lock(write_mutex_);
    Writer& w = *writer_;
    std::vector<AppendResult> results;
    results.reserve(events.size());
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
        w.insert.reset();
        w.find_fingerprint.reset();
        w.insert_error.reset();
        w.db.exec("COMMIT");
    } catch (...) {
        w.insert.reset();
        w.find_fingerprint.reset();
        w.insert_error.reset();
        sqlite3_exec(w.db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return results;
}

std::optional<Event> SqliteStore::find(std::int64_t id) {
    return readers_->with([&](Db& db) { return read_by_id<Event>(db, "events", event_columns, id, read_event); });
}

EventPage SqliteStore::list(const Filter& f, const Slice& slice) {
    Conditions where(f, event_filter_fields);
    return readers_->with([&](Db& db) {
        EventPage page;
        std::tie(page.count, page.events) = read_page<Event>(db, {"events", event_columns, "timestamp"}, where, slice,
                                                             page.edges, read_event, [](const Event& e) {
                                                                 return Keyset{e.timestamp, e.id};
                                                             });
        return page;
    });
}

std::int64_t SqliteStore::count() {
    return readers_->with([](Db& db) {
        Statement s(db, "SELECT count(*) FROM events");
        s.step();
        return s.int64(0);
    });
}

std::optional<RejectedEvent> SqliteStore::find_error(std::int64_t id) {
    return readers_->with(
        [&](Db& db) { return read_by_id<RejectedEvent>(db, "errors", error_columns, id, read_error); });
}

ErrorPage SqliteStore::list_errors(const Filter& f, const Slice& slice) {
    Conditions where(f, error_filter_fields);
    return readers_->with([&](Db& db) {
        ErrorPage page;
        std::tie(page.count, page.errors) =
            read_page<RejectedEvent>(db, {"errors", error_columns, "received_at"}, where, slice, page.edges, read_error,
                                     [](const RejectedEvent& r) {
                                         return Keyset{r.received_at, r.id};
                                     });
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
    Statement s(writer_->db,
                "INSERT INTO apps (name, key_hash, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
    s.bind(1, app.name).bind_blob(2, app.key_hash).bind(3, app.created_at);
    s.step();
    return writer_->db.changes() == 1;
}

std::vector<App> SqliteStore::list_apps() {
    return readers_->with([](Db& db) {
        std::vector<App> apps;
        Statement s(db, "SELECT name, key_hash, created_at, revoked_at FROM apps ORDER BY name");
        while (s.step()) {
            App a{s.text(0), s.text(1), s.int64(2), std::nullopt};
            if (!s.is_null(3)) a.revoked_at = s.int64(3);
            apps.push_back(std::move(a));
        }
        return apps;
    });
}

bool SqliteStore::revoke_app(const std::string& name, Micros at) {
    std::lock_guard lock(write_mutex_);
    Statement s(writer_->db, "UPDATE apps SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL");
    s.bind(1, name).bind(2, at);
    s.step();
    return writer_->db.changes() == 1;
}

}  // namespace eye
