// PgStore: a writer connection that commits under one advisory lock (so ids follow commit
// order across instances), a pool of reader connections, and reconnection with backoff when
// the server goes away.
#include "pg_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <variant>

#include <Poco/JSON/Parser.h>
#include <spdlog/spdlog.h>

#include "app_scope.hpp"
#include "error.hpp"
#include "pg_purge.hpp"
#include "pg_schema.hpp"
#include "summary_delta.hpp"
#include "time_buckets.hpp"
#include "utf8.hpp"

namespace eye {

using pg::Connection;
using pg::Params;
using pg::Result;

namespace {

// Held by every writer from its first statement to its commit: writers of all instances take
// turns, so the sequence hands out ids in commit order (the lock is released after the commit
// is visible). Group commit keeps the turns few: one per group of waiting requests.
constexpr std::int64_t writer_lock = 0x657965'0002;  // "eye" 2
// The SQLSTATE of a row whose partition does not exist (check_violation).
constexpr const char* no_partition_for_row = "23514";
// NOTIFY channel that wakes every instance's live tail after a commit with new events.
constexpr const char* commit_channel = "eye_events";
// Rows per multi-row INSERT: well under PostgreSQL's 65535 parameters at 9 columns.
constexpr std::size_t rows_per_insert = 1000;
// First and longest wait between attempts to reach a server that refused a connection.
constexpr auto first_backoff = std::chrono::milliseconds(100);
constexpr auto longest_backoff = std::chrono::seconds(5);
// Reader connections one instance keeps at most (each is a server process): several
// instances must fit PostgreSQL's max_connections (100 by default) with room for others. A
// request that finds all busy waits up to reader_wait for one.
constexpr std::size_t max_readers = 16;
constexpr auto reader_wait = std::chrono::seconds(10);

constexpr const char* event_columns = "id, session_id, category, name, data, timestamp, received_at, event_id, app";

Event read_event(const Result& r, int row) {
    Event e;
    e.id = r.int64(row, 0);
    e.session_id = r.text(row, 1);
    e.category = r.text(row, 2);
    e.name = r.text(row, 3);
    e.data = r.text(row, 4);
    e.timestamp = r.int64(row, 5);
    e.received_at = r.int64(row, 6);
    if (!r.is_null(row, 7)) e.event_id = r.text(row, 7);
    e.app = r.text(row, 8);
    return e;
}

constexpr const char* error_columns = "id, received_at, session_id, category, name, code, message, field, raw, app";

RejectedEvent read_error(const Result& r, int row) {
    RejectedEvent e;
    e.id = r.int64(row, 0);
    e.received_at = r.int64(row, 1);
    e.session_id = r.text(row, 2);
    e.category = r.text(row, 3);
    e.name = r.text(row, 4);
    e.error = Error{r.text(row, 5), r.text(row, 6), r.text(row, 7)};
    e.raw = r.text(row, 8);
    e.app = r.text(row, 9);
    return e;
}

// A statement and its parameters, built together so that each value's placeholder is the
// number of the parameter just added.
struct Query {
    std::string sql;
    Params params;
    std::string text(const std::string& v) {
        params.text(v);
        return "$" + std::to_string(params.size()) + "::text";
    }
    std::string int64(std::int64_t v) {
        params.int64(v);
        return "$" + std::to_string(params.size()) + "::bigint";
    }
    std::string value(const FilterValue& v) {
        return std::holds_alternative<Micros>(v) ? int64(std::get<Micros>(v)) : text(std::get<std::string>(v));
    }
};

enum class Terms { all, equals, bounds };

void expect_table(const Filter& filter, FilterFields expected) {
    if (filter.fields().data() != expected.data())
        throw std::logic_error("a filter of another table was given to this list");
}

// The filter's terms as SQL conditions joined by AND ("" without terms), their values added
// to `q`. Attributes come from the filter tables declared in shared/, never from input.
std::string conditions(Query& q, const Filter& filter, FilterFields expected, Terms which = Terms::all) {
    expect_table(filter, expected);
    std::string sql;
    for (const FilterTerm& term : filter.terms()) {
        if (which == Terms::equals && takes_time(*term.field)) continue;
        if (which == Terms::bounds && !takes_time(*term.field)) continue;
        const char* op = term.field->match == FilterMatch::equals     ? " = "
                         : term.field->match == FilterMatch::at_least ? " >= "
                                                                      : " <= ";
        sql += (sql.empty() ? "" : " AND ") + std::string(term.field->attribute) + op + q.value(term.value);
    }
    return sql;
}

std::string where(const std::string& conds) {
    return conds.empty() ? "" : " WHERE " + conds;
}
std::string and_(const std::string& conds) {
    return conds.empty() ? "" : " AND " + conds;
}

// One snapshot for a count and its page, so that they agree while other instances commit.
void begin_snapshot(Connection& db) {
    db.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

struct ListedTable {
    const char* name;
    const char* columns;
    const char* time;   // with id, the newest-first order
    const char* bytes;  // what a row holds in text, for a page's byte budget (Slice::max_bytes)
    const char* total;  // a query of all the table's rows that counts none, when there is one
};

// The text columns' bytes, as the SQLite store counts them for the same budget.
constexpr const char* event_bytes_sql =
    "octet_length(session_id) + octet_length(category) + octet_length(name) + octet_length(data) + "
    "coalesce(octet_length(event_id), 0) + octet_length(app)";
constexpr const char* error_bytes_sql =
    "octet_length(session_id) + octet_length(category) + octet_length(name) + octet_length(message) + "
    "octet_length(field) + octet_length(raw) + octet_length(app)";

bool exists_beyond(Connection& db, const ListedTable& table, const Filter& filter, FilterFields fields, const char* op,
                   const Keyset& at) {
    Query q;
    std::string conds = conditions(q, filter, fields);
    std::string a = q.int64(at.time), b = q.int64(at.id);
    q.sql = std::string("SELECT EXISTS (SELECT 1 FROM ") + table.name + " WHERE (" + table.time + ", id) " + op + " (" +
            a + ", " + b + ")" + and_(conds) + ")";
    return db.exec(q.sql, q.params).text(0, 0) == "t";
}

// `page` (a query with a row_bytes column, in `order`) cut after the row that reaches
// `max_bytes` (a parameter's placeholder), with at least one row: the server sums the bytes in
// order, so the rows past a page's byte budget (Slice::max_bytes) never reach eyed.
std::string within_byte_budget(const std::string& page, const std::string& order, const std::string& max_bytes) {
    return "SELECT * FROM (SELECT *, sum(row_bytes) OVER (ORDER BY " + order +
           " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - row_bytes AS bytes_before FROM (" + page +
           ") page) budget WHERE bytes_before < " + max_bytes + " ORDER BY " + order;
}

// Whether the rows of a within_byte_budget() query hold the whole budget: the last one reached
// it, so more rows may follow.
bool reached_byte_budget(const Result& rows, std::size_t max_bytes) {
    std::int64_t bytes = 0;
    const int row_bytes = rows.column("row_bytes");
    for (int i = 0; i < rows.rows(); ++i) bytes += rows.int64(i, row_bytes);
    return bytes >= static_cast<std::int64_t>(max_bytes);
}

// As the SQLite store's read_page: the rows of one slice, the count of all that match and the
// slice's edges from one snapshot; keyset positions compare as row values, which the
// (time, id) indexes serve as a range.
template <typename Row, typename ReadRow, typename KeyOf>
std::pair<std::int64_t, std::vector<Row>> read_page(Connection& db, const ListedTable& table, const Filter& filter,
                                                    FilterFields fields, const Slice& slice, PageEdges& edges,
                                                    bool& count_exact, ReadRow read_row, KeyOf key_of) {
    begin_snapshot(db);
    std::pair<std::int64_t, std::vector<Row>> page;
    {
        // A filter's matches up to slice.max_count (the inner LIMIT stops the index walk
        // there); without a filter, all rows.
        Query q;
        std::string conds = conditions(q, filter, fields);
        const bool capped = slice.max_count > 0 && !conds.empty();
        if (filter.terms().empty() && table.total) {
            q.sql = table.total;  // the writers' running total, in this snapshot: the same number
        } else {
            std::string matching = std::string("SELECT 1 FROM ") + table.name + where(conds);
            if (capped) matching += " LIMIT " + q.int64(slice.max_count + 1);
            q.sql = "SELECT count(*) FROM (" + matching + ") AS matching";
        }
        page.first = db.exec(q.sql, q.params).int64(0, 0);
        count_exact = !capped || page.first <= slice.max_count;
        if (!count_exact) page.first = slice.max_count;
    }
    const std::string time = table.time;
    const bool upward = slice.from && slice.toward == Toward::newer;
    Query q;
    std::string conds = conditions(q, filter, fields);
    if (slice.from) {
        std::string a = q.int64(slice.from->time), b = q.int64(slice.from->id);
        conds += (conds.empty() ? "" : " AND ") + std::string("(") + time + ", id) " + (upward ? ">" : "<") + " (" + a +
                 ", " + b + ")";
    }
    const std::string order = upward ? time + " ASC, id ASC" : time + " DESC, id DESC";
    q.sql = std::string("SELECT ") + table.columns + ", " + table.bytes + " AS row_bytes FROM " + table.name +
            where(conds) + " ORDER BY " + order + " LIMIT " + q.int64(static_cast<std::int64_t>(slice.limit) + 1);
    if (!slice.from) q.sql += " OFFSET " + q.int64(slice.offset);
    if (slice.max_bytes)
        q.sql = within_byte_budget(q.sql, order, q.int64(static_cast<std::int64_t>(slice.max_bytes)));
    Result rows = db.exec(q.sql, q.params);
    auto& out = page.second;
    for (int i = 0; i < rows.rows(); ++i) out.push_back(read_row(rows, i));
    bool more = out.size() > static_cast<std::size_t>(slice.limit);
    if (more) out.pop_back();
    // Ended by the budget: whether the list goes on past it.
    if (!more && slice.max_bytes && !out.empty() && reached_byte_budget(rows, slice.max_bytes))
        more = exists_beyond(db, table, filter, fields, upward ? ">" : "<", key_of(out.back()));
    if (upward) std::reverse(out.begin(), out.end());

    if (!out.empty()) {
        edges.first = key_of(out.front());
        edges.last = key_of(out.back());
        edges.older = upward ? exists_beyond(db, table, filter, fields, "<", *edges.last) : more;
        edges.newer = upward ? more : exists_beyond(db, table, filter, fields, ">", *edges.first);
    } else if (slice.from) {
        Keyset at = *slice.from;
        if (upward)
            edges.older = exists_beyond(db, table, filter, fields, "<", Keyset{at.time, at.id + 1});
        else
            edges.newer = exists_beyond(db, table, filter, fields, ">", Keyset{at.time, at.id - 1});
    }
    db.run("COMMIT");
    return page;
}

// data.path when it is a string: a session's entry or exit page.
std::optional<std::string> path_of(const std::string& data) {
    try {
        Poco::JSON::Parser parser;
        auto object = parser.parse(data).extract<Poco::JSON::Object::Ptr>();
        if (object && object->has("path") && object->get("path").isString())
            return object->getValue<std::string>("path");
    } catch (const std::exception&) {
        // stored data is canonical JSON; anything else has no path
    }
    return std::nullopt;
}

// PostgreSQL text holds no NUL and only valid UTF-8; a refused event's raw text may hold
// anything, so its record keeps what can be stored (U+FFFD for the rest).
std::string storable(std::string_view text) {
    std::string out = valid_utf8(text);
    std::string::size_type at = 0;
    while ((at = out.find('\0', at)) != std::string::npos) out.replace(at, 1, "\xEF\xBF\xBD");
    return out;
}

// Runs `head VALUES (row), (row), ... tail` over `rows` in statements of rows_per_insert rows;
// `row(q, item)` adds one item's values to q and returns its "(...)" text.
template <typename Items, typename RowSql>
void insert_rows(Connection& db, const std::string& head, const Items& items, RowSql row,
                 const std::string& tail = "") {
    auto it = std::begin(items);
    while (it != std::end(items)) {
        Query q;
        q.sql = head + " VALUES ";
        for (std::size_t n = 0; n < rows_per_insert && it != std::end(items); ++n, ++it)
            q.sql += (n ? ", " : "") + row(q, *it);
        q.sql += tail;
        db.exec(q.sql, q.params);
    }
}

// The new events' fingerprints and rows as COPY's text format. COPY, not multi-row INSERTs:
// measured with bench_pg_copy (README, Scaling out), COPY wrote these two tables 2.4 times as
// fast in transactions of 1,000 rows and twice as fast in transactions of 10.
std::string fingerprint_rows(std::span<const Event> events, const std::vector<std::size_t>& fresh,
                             const std::vector<AppendResult>& results) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i : fresh) {
        out += "\\\\x";  // the bytea input \x, its backslash escaped for COPY
        for (unsigned char c : events[i].fingerprint) {
            out += hex[c >> 4];
            out += hex[c & 15];
        }
        out += '\t' + std::to_string(results[i].id) + '\n';
    }
    return out;
}

std::string event_rows(std::span<const Event> events, const std::vector<std::size_t>& fresh,
                       const std::vector<AppendResult>& results) {
    std::string out;
    for (std::size_t i : fresh) {
        const Event& e = events[i];
        out += std::to_string(results[i].id);
        for (const std::string* text : {&e.session_id, &e.category, &e.name, &e.data}) {
            out += '\t';
            pg::copy_field(out, *text);
        }
        out += '\t' + std::to_string(e.timestamp) + '\t' + std::to_string(e.received_at) + '\t';
        if (e.event_id.empty())
            out += "\\N";
        else
            pg::copy_field(out, e.event_id);
        out += '\t';
        pg::copy_field(out, e.app);
        out += '\n';
    }
    return out;
}

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
    return "''::text";
}

std::optional<Micros> bound(const Filter& filter, FilterMatch match) {
    for (const FilterTerm& t : filter.terms())
        if (t.field->match == match) return std::get<Micros>(t.value);
    return std::nullopt;
}

constexpr const char* session_columns = "session_id, first_seen, last_seen, events, entry, exit";

SessionSummary read_session(Connection& db, const Result& r, int row) {
    SessionSummary s;
    s.session_id = r.text(row, 0);
    s.first_seen = r.int64(row, 1);
    s.last_seen = r.int64(row, 2);
    s.events = r.int64(row, 3);
    if (!r.is_null(row, 4)) s.entry = r.text(row, 4);
    if (!r.is_null(row, 5)) s.exit = r.text(row, 5);
    // Bytewise order, as SQLite's: the database's collation must not change what lists say.
    Result parts = db.exec(
        "SELECT app, category, name, events FROM session_parts WHERE session_id = $1::text "
        "ORDER BY category COLLATE \"C\", name COLLATE \"C\", app COLLATE \"C\"",
        Params().text(s.session_id));
    for (int i = 0; i < parts.rows(); ++i) {
        std::string app = parts.text(i, 0);
        if (std::find(s.apps.begin(), s.apps.end(), app) == s.apps.end()) s.apps.push_back(app);
        std::string category = parts.text(i, 1), name = parts.text(i, 2);
        if (s.types.empty() || s.types.back().category != category || s.types.back().name != name)
            s.types.push_back({category, name, 0});
        s.types.back().events += parts.int64(i, 3);
    }
    std::sort(s.apps.begin(), s.apps.end());
    return s;
}

}  // namespace

// Opens connections, refusing to try again before a backoff after a failed attempt has passed
// (so that a server that is down costs each request a fast 503, not a connect timeout), and
// keeps idle reader connections for reuse.
class PgStore::Connections {
public:
    explicit Connections(std::string conninfo) : conninfo_(std::move(conninfo)) {}

    // A new connection; throws StoreUnavailable when the server cannot be reached or the
    // backoff after the last failed attempt has not passed.
    std::unique_ptr<Connection> open() {
        {
            std::lock_guard lock(mutex_);
            auto now = std::chrono::steady_clock::now();
            if (now < next_attempt_) {
                auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_attempt_ - now).count();
                throw StoreUnavailable(last_error_ + " (next attempt in " + std::to_string(wait) + " ms)");
            }
        }
        try {
            auto db = std::make_unique<Connection>(conninfo_);
            std::lock_guard lock(mutex_);
            if (backoff_.count() > 0) spdlog::info("reconnected to PostgreSQL {}", pg::describe(conninfo_));
            backoff_ = {};
            next_attempt_ = {};
            return db;
        } catch (const pg::Error& e) {
            std::lock_guard lock(mutex_);
            backoff_ = backoff_.count() == 0 ? first_backoff
                                             : std::min<std::chrono::milliseconds>(backoff_ * 2, longest_backoff);
            next_attempt_ = std::chrono::steady_clock::now() + backoff_;
            last_error_ = e.what();
            spdlog::warn("{}; next attempt in {} ms", e.what(), backoff_.count());
            throw StoreUnavailable(e.what());
        }
    }

    // An idle reader connection, or a new one while fewer than max_readers are open; waits
    // for one to come back otherwise. Throws StoreUnavailable as open() does, or when none
    // came back within reader_wait.
    std::unique_ptr<Connection> take_reader() {
        std::unique_lock lock(mutex_);
        if (!returned_.wait_for(lock, reader_wait, [this] { return !idle_.empty() || readers_ < max_readers; }))
            throw StoreUnavailable("all " + std::to_string(max_readers) + " database connections stayed busy");
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return db;
        }
        ++readers_;
        lock.unlock();
        try {
            return open();
        } catch (...) {
            forget_reader();
            throw;
        }
    }

    // Keeps a reader connection for reuse when it is healthy and outside a transaction;
    // otherwise closes it. `db` may be null (it was lost on the way).
    void give_back(std::unique_ptr<Connection> db) {
        if (!db || !db->ok() || !db->idle()) {
            db.reset();
            forget_reader();
            return;
        }
        {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(db));
        }
        returned_.notify_one();
    }

    // Drops every idle connection: after one was found lost, the others went with the server.
    void drop_idle() {
        {
            std::lock_guard lock(mutex_);
            readers_ -= idle_.size();
            idle_.clear();
        }
        returned_.notify_all();
    }

private:
    void forget_reader() {
        {
            std::lock_guard lock(mutex_);
            --readers_;
        }
        returned_.notify_one();
    }

    std::string conninfo_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t readers_ = 0;  // reader connections open: idle or lent
    std::condition_variable returned_;
    std::chrono::steady_clock::time_point next_attempt_{};
    std::chrono::milliseconds backoff_{0};
    std::string last_error_;
};

PgStore::PgStore(std::string conninfo, Durability durability)
    : conninfo_(std::move(conninfo)), mode_(durability), connections_(std::make_unique<Connections>(conninfo_)) {
    // The first connection is made here, not through the backoff: a server that is not there
    // at start is a start-up error.
    writer_ = std::make_unique<Connection>(conninfo_);
    pg::migrate(*writer_);
    writer_->run(mode_ == Durability::power ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
    durability_ = {mode_ == Durability::power ? "power" : "process",
                   writer_->exec("SHOW synchronous_commit").text(0, 0)};
}

PgStore::~PgStore() = default;

void PgStore::note_failure(const pg::Error& e, bool writing) {
    std::lock_guard lock(problem_mutex_);
    if (e.connection_lost())
        lost_ = std::string("the database cannot be reached: ") + e.what();
    else if (writing)
        write_failed_ = std::string("the last write failed: ") + e.what();
}

void PgStore::note_success(bool writing) {
    std::lock_guard lock(problem_mutex_);
    lost_.reset();
    if (writing) write_failed_.reset();
}

std::optional<std::string> PgStore::problem() {
    std::lock_guard lock(problem_mutex_);
    return lost_ ? lost_ : write_failed_;
}

DurabilitySettings PgStore::durability() {
    return durability_;  // read when the store opened and never changed
}

template <typename Fn>
auto PgStore::with_writer(Fn&& fn) {
    std::lock_guard lock(write_mutex_);
    try {
        if (!writer_ || !writer_->ok()) {
            writer_.reset();
            auto db = connections_->open();
            db->run(mode_ == Durability::power ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
            writer_ = std::move(db);
        }
        auto result = fn(*writer_);
        note_success(true);
        return result;
    } catch (const StoreUnavailable& e) {
        note_failure(pg::Error("", true, e.what()), true);
        throw;
    } catch (const pg::Error& e) {
        note_failure(e, true);
        if (!e.connection_lost()) throw;
        writer_.reset();
        connections_->drop_idle();
        throw StoreUnavailable(e.what());
    }
}

template <typename Fn>
auto PgStore::with_reader(Fn&& fn) {
    struct Lease {
        Connections& pool;
        std::unique_ptr<Connection> db;
        ~Lease() { pool.give_back(std::move(db)); }
    };
    try {
        Lease lease{*connections_, connections_->take_reader()};
        auto result = fn(*lease.db);
        note_success(false);
        return result;
    } catch (const StoreUnavailable& e) {
        note_failure(pg::Error("", true, e.what()), false);
        throw;
    } catch (const pg::Error& e) {
        note_failure(e, false);
        if (!e.connection_lost()) throw;
        connections_->drop_idle();
        throw StoreUnavailable(e.what());
    }
}

std::vector<AppendResult> PgStore::append(std::span<const Event> events, std::span<const RejectedEvent> rejected) {
    return with_writer([&](Connection& db) {
        // A month this instance saw may have been dropped since by a purge (of any instance):
        // its insert then finds no partition, and the append runs once more, learning the
        // months anew.
        try {
            return append_once(db, events, rejected);
        } catch (const pg::Error& e) {
            if (e.sqlstate() != no_partition_for_row) throw;
            partitions_.clear();
            return append_once(db, events, rejected);
        }
    });
}

std::vector<AppendResult> PgStore::append_once(Connection& db, std::span<const Event> events,
                                               std::span<const RejectedEvent> rejected) {
    {
        std::vector<AppendResult> results(events.size());
        std::vector<pg::MonthPartition> new_months;
        db.run("BEGIN");
        try {
            db.exec("SELECT pg_advisory_xact_lock($1)", Params().int64(writer_lock));

            // Each fingerprint's first event in this call; then which of those are stored already.
            std::unordered_map<std::string, std::size_t> first;
            std::vector<std::size_t> candidates;
            for (std::size_t i = 0; i < events.size(); ++i)
                if (first.emplace(events[i].fingerprint, i).second) candidates.push_back(i);
            std::unordered_map<std::string, std::int64_t> stored;
            for (std::size_t at = 0; at < candidates.size(); at += rows_per_insert) {
                Query q;
                q.sql = "SELECT encode(fingerprint, 'hex'), id FROM fingerprints WHERE fingerprint IN (";
                for (std::size_t n = at; n < std::min(candidates.size(), at + rows_per_insert); ++n) {
                    q.params.bytes(events[candidates[n]].fingerprint);
                    q.sql += (n > at ? ", $" : "$") + std::to_string(q.params.size()) + "::bytea";
                }
                q.sql += ")";
                Result r = db.exec(q.sql, q.params);
                for (int i = 0; i < r.rows(); ++i) stored.emplace(r.hex_bytes(i, 0), r.int64(i, 1));
            }
            std::vector<std::size_t> fresh;
            for (std::size_t i : candidates)
                if (!stored.count(events[i].fingerprint)) fresh.push_back(i);

            // Ids for the new events in one step; under the writer lock nobody else takes any.
            if (!fresh.empty()) {
                auto n = static_cast<std::int64_t>(fresh.size());
                std::int64_t last =
                    db.exec("SELECT setval('event_ids', nextval('event_ids') + $1::bigint - 1)", Params().int64(n))
                        .int64(0, 0);
                for (std::int64_t k = 0; k < n; ++k) results[fresh[k]] = {last - n + 1 + k, false};
            }
            for (std::size_t i = 0; i < events.size(); ++i) {
                std::size_t f = first[events[i].fingerprint];
                if (auto s = stored.find(events[i].fingerprint); s != stored.end())
                    results[i] = {s->second, true};
                else if (f != i)
                    results[i] = {results[f].id, true};
            }

            for (std::size_t i : fresh) {
                pg::MonthPartition month = pg::month_partition(events[i].timestamp);
                if (partitions_.count(month.name)) continue;
                if (std::none_of(new_months.begin(), new_months.end(),
                                 [&](const auto& m) { return m.name == month.name; })) {
                    pg::ensure_partition(db, month);
                    new_months.push_back(month);
                }
            }
            if (!fresh.empty()) {
                db.copy_in("COPY fingerprints (fingerprint, id) FROM STDIN", fingerprint_rows(events, fresh, results));
                db.copy_in(std::string("COPY events (") + event_columns + ") FROM STDIN",
                           event_rows(events, fresh, results));
            }
            insert_rows(db,
                        "INSERT INTO errors (received_at, session_id, category, name, code, message, field, raw, app)",
                        rejected, [&](Query& q, const RejectedEvent& r) {
                            return "(" + q.int64(r.received_at) + ", " + q.text(storable(r.session_id)) + ", " +
                                   q.text(storable(r.category)) + ", " + q.text(storable(r.name)) + ", " +
                                   q.text(r.error.code) + ", " + q.text(storable(r.error.message)) + ", " +
                                   q.text(storable(r.error.field)) + ", " + q.text(storable(r.raw)) + ", " +
                                   q.text(storable(r.app)) + ")";
                        });

            SummaryDelta delta;
            for (std::size_t i : fresh) delta.add(events[i]);
            insert_rows(
                db, "INSERT INTO sessions AS s (session_id, first_seen, last_seen, events, entry, exit)",
                delta.sessions,
                [&](Query& q, const auto& item) {
                    const auto& [id, s] = item;
                    auto entry = path_of(s.first->data), exit = path_of(s.last->data);
                    std::string entry_sql = entry ? q.text(*entry) : "NULL::text";
                    std::string exit_sql = exit ? q.text(*exit) : "NULL::text";
                    return "(" + q.text(id) + ", " + q.int64(s.first->timestamp) + ", " + q.int64(s.last->timestamp) +
                           ", " + q.int64(s.events) + ", " + entry_sql + ", " + exit_sql + ")";
                },
                // The SET reads the row as it was: entry and exit compare against the old
                // bounds. An existing event at the same timestamp has a smaller id: it stays
                // first, and a new one becomes last.
                " ON CONFLICT (session_id) DO UPDATE SET events = s.events + excluded.events, "
                "entry = CASE WHEN excluded.first_seen < s.first_seen THEN excluded.entry ELSE s.entry END, "
                "first_seen = least(s.first_seen, excluded.first_seen), "
                "exit = CASE WHEN excluded.last_seen >= s.last_seen THEN excluded.exit ELSE s.exit END, "
                "last_seen = greatest(s.last_seen, excluded.last_seen)");
            insert_rows(
                db, "INSERT INTO session_parts AS p (session_id, app, category, name, events)", delta.parts,
                [&](Query& q, const auto& item) {
                    const auto& [key, n] = item;
                    return "(" + q.text(std::get<0>(key)) + ", " + q.text(std::get<1>(key)) + ", " +
                           q.text(std::get<2>(key)) + ", " + q.text(std::get<3>(key)) + ", " + q.int64(n) + ")";
                },
                " ON CONFLICT (session_id, app, category, name) DO UPDATE SET events = p.events + excluded.events");
            insert_rows(
                db, "INSERT INTO rollups AS r (slot, category, name, app, events)", delta.rollups,
                [&](Query& q, const auto& item) {
                    const auto& [key, n] = item;
                    return "(" + q.int64(std::get<0>(key)) + ", " + q.text(std::get<1>(key)) + ", " +
                           q.text(std::get<2>(key)) + ", " + q.text(std::get<3>(key)) + ", " + q.int64(n) + ")";
                },
                " ON CONFLICT (slot, category, name, app) DO UPDATE SET events = r.events + excluded.events");

            if (!fresh.empty())
                db.exec("UPDATE event_count SET events = events + $1::bigint",
                        Params().int64(static_cast<std::int64_t>(fresh.size())));
            // Delivered at commit, to every instance's live tail (this one's too).
            if (!fresh.empty()) db.exec("SELECT pg_notify($1, '')", Params().text(commit_channel));
            db.run("COMMIT");
        } catch (...) {
            try {
                if (db.ok()) db.run("ROLLBACK");
            } catch (const pg::Error&) {
                // keep the first error
            }
            throw;
        }
        for (const auto& m : new_months) partitions_.insert(m.name);
        return results;
    }
}

std::optional<Event> PgStore::find(std::int64_t id) {
    return with_reader([&](Connection& db) -> std::optional<Event> {
        Result r =
            db.exec(std::string("SELECT ") + event_columns + " FROM events WHERE id = $1::bigint", Params().int64(id));
        if (r.rows() == 0) return std::nullopt;
        return read_event(r, 0);
    });
}

EventPage PgStore::list(const Filter& f, const Slice& slice) {
    expect_table(f, event_filter_fields);  // before any I/O
    return with_reader([&](Connection& db) {
        EventPage page;
        std::tie(page.count, page.events) = read_page<Event>(
            db, {"events", event_columns, "timestamp", event_bytes_sql, "SELECT events FROM event_count"}, f,
            event_filter_fields, slice, page.edges, page.count_exact, read_event, [](const Event& e) {
                return Keyset{e.timestamp, e.id};
            });
        return page;
    });
}

std::int64_t PgStore::count() {
    // Kept by the writers of every instance in their transactions (schema step 3).
    return with_reader([](Connection& db) { return db.exec("SELECT events FROM event_count").int64(0, 0); });
}

std::vector<Event> PgStore::events_after(const Filter& f, std::int64_t after_id, int limit) {
    Query q;
    std::string conds = conditions(q, f, event_filter_fields);
    std::string after = q.int64(after_id);
    q.sql = std::string("SELECT ") + event_columns + " FROM events WHERE id > " + after + and_(conds) +
            " ORDER BY id LIMIT " + q.int64(limit);
    return with_reader([&](Connection& db) {
        Result r = db.exec(q.sql, q.params);
        std::vector<Event> events;
        for (int i = 0; i < r.rows(); ++i) events.push_back(read_event(r, i));
        return events;
    });
}

std::int64_t PgStore::last_id() {
    return with_reader([](Connection& db) { return db.exec("SELECT coalesce(max(id), 0) FROM events").int64(0, 0); });
}

SessionPage PgStore::list_sessions(const Filter& f, std::int64_t offset, int limit) {
    auto build = [&](Query& q) {
        std::string on_sessions = conditions(q, f, session_filter_fields, Terms::bounds);
        std::string on_parts = conditions(q, f, session_filter_fields, Terms::equals);
        std::string conds = on_sessions;
        if (!on_parts.empty())
            conds += (conds.empty() ? "" : " AND ") +
                     std::string("session_id IN (SELECT session_id FROM session_parts WHERE ") + on_parts + ")";
        return where(conds);
    };
    Query count;
    count.sql = "SELECT count(*) FROM sessions" + build(count);
    Query rows;
    rows.sql = std::string("SELECT ") + session_columns + " FROM sessions" + build(rows) +
               " ORDER BY last_seen DESC, session_id COLLATE \"C\" DESC LIMIT ";
    rows.sql += rows.int64(limit);
    rows.sql += " OFFSET " + rows.int64(offset);
    return with_reader([&](Connection& db) {
        begin_snapshot(db);
        SessionPage page;
        page.count = db.exec(count.sql, count.params).int64(0, 0);
        Result r = db.exec(rows.sql, rows.params);
        for (int i = 0; i < r.rows(); ++i) page.sessions.push_back(read_session(db, r, i));
        db.run("COMMIT");
        return page;
    });
}

std::optional<SessionTimeline> PgStore::session_timeline(const std::string& session_id,
                                                         std::optional<TimelineCursor> after, int limit) {
    return session_timeline_within(session_id, after, limit, 0);
}

std::optional<SessionTimeline> PgStore::session_timeline_within(const std::string& session_id,
                                                                std::optional<TimelineCursor> after, int limit,
                                                                std::size_t max_bytes) {
    return with_reader([&](Connection& db) -> std::optional<SessionTimeline> {
        begin_snapshot(db);
        Result summary =
            db.exec(std::string("SELECT ") + session_columns + " FROM sessions WHERE session_id = $1::text",
                    Params().text(session_id));
        if (summary.rows() == 0) {
            db.run("COMMIT");
            return std::nullopt;
        }
        SessionTimeline timeline{read_session(db, summary, 0), {}, false};
        TimelineCursor from = after.value_or(TimelineCursor{std::numeric_limits<Micros>::min(), 0});
        const std::string later = " FROM events WHERE session_id = $1::text AND (timestamp, id) > ($2::bigint, $3::bigint)";
        Params params;
        params.text(session_id).int64(from.timestamp).int64(from.id).int64(limit + 1LL);
        std::string sql = std::string("SELECT ") + event_columns + ", " + event_bytes_sql + " AS row_bytes" + later +
                          " ORDER BY timestamp, id LIMIT $4::bigint";
        if (max_bytes) {
            sql = within_byte_budget(sql, "timestamp, id", "$5::bigint");
            params.int64(static_cast<std::int64_t>(max_bytes));
        }
        Result r = db.exec(sql, params);
        for (int i = 0; i < r.rows(); ++i) timeline.events.push_back(read_event(r, i));
        if (timeline.events.size() > static_cast<std::size_t>(limit)) {
            timeline.events.pop_back();
            timeline.more = true;
        } else if (max_bytes && !timeline.events.empty() && reached_byte_budget(r, max_bytes)) {
            // Ended by the budget: whether the session goes on past it.
            const Event& last = timeline.events.back();
            timeline.more = db.exec("SELECT EXISTS (SELECT 1" + later + ")",
                                    Params().text(session_id).int64(last.timestamp).int64(last.id))
                                .text(0, 0) == "t";
        }
        db.run("COMMIT");
        return timeline;
    });
}

std::vector<SlotCount> PgStore::count_slots(const Filter& f, StatsKey by) {
    expect_table(f, stats_filter_fields);
    std::optional<Micros> after = bound(f, FilterMatch::at_least), before = bound(f, FilterMatch::at_most);
    // Whole slots [lo, hi) come from the rollups; the parts of slots cut by a bound, from events.
    std::optional<Micros> lo, hi;
    if (after) lo = slot_of(*after) == *after ? *after : slot_of(*after) + rollup_slot;
    if (before) hi = slot_of(*before + 1);
    bool any_whole = !(lo && hi && *lo >= *hi);
    std::string key = key_sql(by);

    return with_reader([&](Connection& db) {
        begin_snapshot(db);
        std::vector<SlotCount> out;
        auto collect = [&](Query& q) {
            Result r = db.exec(q.sql, q.params);
            for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.text(i, 1), r.int64(i, 2)});
        };
        auto from_events = [&](Micros first, Micros last) {
            Query q;
            std::string a = q.int64(first), b = q.int64(last);
            std::string same = conditions(q, f, stats_filter_fields, Terms::equals);
            q.sql = "SELECT timestamp - timestamp % 900000000 AS slot, " + key +
                    ", count(*) FROM events WHERE timestamp >= " + a + " AND timestamp <= " + b + and_(same) +
                    " GROUP BY 1, 2";
            collect(q);
        };
        if (!any_whole) {
            from_events(*after, *before);
        } else {
            Query q;
            std::string a = q.int64(lo.value_or(std::numeric_limits<Micros>::min()));
            std::string b = q.int64(hi.value_or(std::numeric_limits<Micros>::max()));
            std::string same = conditions(q, f, stats_filter_fields, Terms::equals);
            q.sql = "SELECT slot, " + key + ", sum(events) FROM rollups WHERE slot >= " + a + " AND slot < " + b +
                    and_(same) + " GROUP BY 1, 2";
            collect(q);
            if (after && *after < *lo) from_events(*after, *lo - 1);
            if (before && *hi <= *before) from_events(*hi, *before);
        }
        db.run("COMMIT");
        return out;
    });
}

std::optional<RejectedEvent> PgStore::find_error(std::int64_t id) {
    return with_reader([&](Connection& db) -> std::optional<RejectedEvent> {
        Result r =
            db.exec(std::string("SELECT ") + error_columns + " FROM errors WHERE id = $1::bigint", Params().int64(id));
        if (r.rows() == 0) return std::nullopt;
        return read_error(r, 0);
    });
}

ErrorPage PgStore::list_errors(const Filter& f, const Slice& slice) {
    expect_table(f, error_filter_fields);
    return with_reader([&](Connection& db) {
        ErrorPage page;
        std::tie(page.count, page.errors) =
            read_page<RejectedEvent>(db, {"errors", error_columns, "received_at", error_bytes_sql, nullptr}, f,
                                     error_filter_fields, slice, page.edges, page.count_exact, read_error,
                                     [](const RejectedEvent& r) {
                                         return Keyset{r.received_at, r.id};
                                     });
        return page;
    });
}

std::vector<ErrorCount> PgStore::count_errors(const Filter& f) {
    Query q;
    q.sql = "SELECT code, count(*) AS n FROM errors" + where(conditions(q, f, error_filter_fields)) +
            " GROUP BY code ORDER BY n DESC, code COLLATE \"C\"";
    return with_reader([&](Connection& db) {
        Result r = db.exec(q.sql, q.params);
        std::vector<ErrorCount> counts;
        for (int i = 0; i < r.rows(); ++i) counts.push_back({r.text(i, 0), r.int64(i, 1)});
        return counts;
    });
}

bool PgStore::add_app(const App& app) {
    return with_writer([&](Connection& db) {
        db.run("BEGIN");
        try {
            bool added =
                db.exec(
                      "INSERT INTO apps (name, key_hash, created_at, scopes) "
                      "VALUES ($1::text, $2::bytea, $3::bigint, $4::text) ON CONFLICT DO NOTHING",
                      Params().text(app.name).bytes(app.key_hash).int64(app.created_at).text(format_scopes(app.scopes)))
                    .affected() == 1;
            if (added)
                for (const std::string& origin : app.origins)
                    db.exec("INSERT INTO app_origins (app, origin) VALUES ($1::text, $2::text)",
                            Params().text(app.name).text(origin));
            db.run("COMMIT");
            return added;
        } catch (...) {
            if (db.ok()) db.run("ROLLBACK");
            throw;
        }
    });
}

std::vector<App> PgStore::list_apps() {
    return with_reader([](Connection& db) {
        Result r = db.exec(
            "SELECT name, encode(key_hash, 'hex'), created_at, revoked_at, scopes FROM apps "
            "ORDER BY name COLLATE \"C\"");
        std::vector<App> apps;
        for (int i = 0; i < r.rows(); ++i) {
            App a;
            a.name = r.text(i, 0);
            a.key_hash = r.hex_bytes(i, 1);
            a.created_at = r.int64(i, 2);
            if (!r.is_null(i, 3)) a.revoked_at = r.int64(i, 3);
            a.scopes = parse_scopes(r.text(i, 4)).value_or(Scopes{false, false});  // unreadable: may do nothing
            apps.push_back(std::move(a));
        }
        Result o = db.exec("SELECT app, origin FROM app_origins ORDER BY app, origin COLLATE \"C\"");
        for (int i = 0; i < o.rows(); ++i)
            for (App& a : apps)
                if (a.name == o.text(i, 0)) a.origins.push_back(o.text(i, 1));
        return apps;
    });
}

bool PgStore::revoke_app(const std::string& name, Micros at) {
    return with_writer([&](Connection& db) {
        return db.exec("UPDATE apps SET revoked_at = $2::bigint WHERE name = $1::text AND revoked_at IS NULL",
                       Params().text(name).int64(at))
                   .affected() == 1;
    });
}

bool PgStore::change_app_origins(const std::string& name, const std::vector<std::string>& add,
                                 const std::vector<std::string>& remove) {
    return with_writer([&](Connection& db) {
        db.run("BEGIN");
        try {
            bool live = db.exec("SELECT 1 FROM apps WHERE name = $1::text AND revoked_at IS NULL FOR UPDATE",
                                Params().text(name))
                            .rows() == 1;
            if (live) {
                for (const std::string& origin : remove)
                    db.exec("DELETE FROM app_origins WHERE app = $1::text AND origin = $2::text",
                            Params().text(name).text(origin));
                for (const std::string& origin : add)
                    db.exec("INSERT INTO app_origins (app, origin) VALUES ($1::text, $2::text) ON CONFLICT DO NOTHING",
                            Params().text(name).text(origin));
            }
            db.run("COMMIT");
            return live;
        } catch (...) {
            if (db.ok()) db.run("ROLLBACK");
            throw;
        }
    });
}

namespace {

// A purge's row-by-row transactions hold every instance's writers for about this long each:
// the batch doubles while a transaction takes under half of it and halves while it takes more.
// Between transactions the lock is let go at least as long as the last one held it, so that
// ingest gets the writer first and the purge takes half of it at most (as on SQLite).
constexpr auto purge_budget = std::chrono::milliseconds(20);
constexpr int first_purge_batch = 200, min_purge_batch = 20, max_purge_batch = 5000;
constexpr auto min_purge_pause = std::chrono::milliseconds(2);

void add(PurgeCounts& total, const PurgeCounts& round) {
    total.events += round.events;
    total.errors += round.errors;
    total.sessions += round.sessions;
    total.rollups += round.rollups;
}

}  // namespace

template <typename Work>
auto PgStore::in_write_transaction(Work&& work) {
    return with_writer([&](Connection& db) {
        db.run("BEGIN");
        try {
            db.exec("SELECT pg_advisory_xact_lock($1)", Params().int64(writer_lock));
            auto result = work(db);
            db.run("COMMIT");
            return result;
        } catch (...) {
            try {
                if (db.ok()) db.run("ROLLBACK");
            } catch (const pg::Error&) {
                // keep the first error
            }
            throw;
        }
    });
}

PurgeCounts PgStore::purge(Micros before, const std::atomic<bool>* cancel) {
    std::lock_guard purging(purge_mutex_);
    PurgeCounts counts;
    auto cancelled = [cancel] { return cancel && cancel->load(); };

    // Whole months, oldest first, one partition per transaction.
    while (!cancelled()) {
        PurgeCounts round;
        bool dropped = in_write_transaction([&](Connection& db) {
            auto month = pg::oldest_month_before(db, before);
            if (!month) return false;
            pg::drop_month(db, *month, round);
            partitions_.erase(month->name);  // under write_mutex_, which with_writer holds
            return true;
        });
        if (!dropped) break;
        add(counts, round);
    }

    // The rest of the limit's month, and the errors, a time-budgeted batch per transaction.
    auto rounds = [&](auto&& one_round) {
        using Clock = std::chrono::steady_clock;
        int batch = first_purge_batch;
        while (!cancelled()) {
            PurgeCounts round;
            auto began = Clock::now();
            std::int64_t done = in_write_transaction([&](Connection& db) { return one_round(db, batch, round); });
            auto held = Clock::now() - began;
            add(counts, round);
            if (done < batch) return;
            if (held < purge_budget / 2) batch = std::min(batch * 2, max_purge_batch);
            if (held > purge_budget) batch = std::max(batch / 2, min_purge_batch);
            std::this_thread::sleep_for(std::max<Clock::duration>(held, min_purge_pause));
        }
    };
    rounds([&](Connection& db, int batch, PurgeCounts& round) {
        return pg::delete_events_before(db, before, batch, round);
    });
    rounds([&](Connection& db, int batch, PurgeCounts& round) {
        round.errors = pg::delete_errors_before(db, before, batch);
        return round.errors;
    });
    return counts;
}

BackupResult PgStore::backup(const std::string&) {
    throw Refusal(Error{code::bad_request, "backup copies a SQLite database only; on PostgreSQL use pg_dump", ""});
}

std::int64_t PgStore::disk_bytes() {
    try {
        return with_reader(
            [](Connection& db) { return db.exec("SELECT pg_database_size(current_database())").int64(0, 0); });
    } catch (...) {
        return 0;  // as the interface says: 0 when it cannot tell, never a throw
    }
}

}  // namespace eye
