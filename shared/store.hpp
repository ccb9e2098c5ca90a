// The storage interface: everything above it (routes, ingest, CLI) is storage-agnostic.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "app.hpp"
#include "error_filter.hpp"
#include "event.hpp"
#include "event_filter.hpp"
#include "rejected_event.hpp"
#include "session.hpp"
#include "stats_filter.hpp"

namespace eye {

// The durability a store runs with, for /healthz: `mode` as configured, `synchronous` as read
// back from the writer's connection (SQLite: "off", "normal", "full" or "extra"), so that a
// test or a monitor sees the setting in force rather than the one intended.
struct DurabilitySettings {
    std::string mode;
    std::string synchronous;
};

// Thrown by a store that cannot reach its database for now (a server restarting, a connection
// lost): nothing of the work was done, and the same work may succeed when retried later.
class StoreUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AppendResult {
    std::int64_t id = 0;
    bool duplicate = false;  // an event with the same fingerprint was already stored under id
};

// What a purge deleted.
struct PurgeCounts {
    std::int64_t events = 0;
    std::int64_t errors = 0;
    std::int64_t sessions = 0;  // summaries of sessions none of whose events remain
    std::int64_t rollups = 0;   // 15-minute rollup rows none of whose events remain
};

// A copy written by backup().
struct BackupResult {
    std::int64_t bytes = 0;    // the copy's size
    std::int64_t events = 0;   // events in the copy
    std::int64_t last_id = 0;  // the largest event id in it: every event acknowledged before has one <= it
};

class Store {
public:
    virtual ~Store() = default;

    // Stores the events and the rejection records in one transaction; an event whose fingerprint
    // is already stored (or repeats an earlier one of the same call) keeps the first id. Results
    // follow the events' order. The session summaries and the statistics rollups are updated in
    // the same transaction, by the new events only (a duplicate changes nothing).
    virtual std::vector<AppendResult> append(std::span<const Event> events,
                                             std::span<const RejectedEvent> rejected) = 0;

    virtual std::optional<Event> find(std::int64_t id) = 0;

    // The slice of the matching events, newest first (timestamp, then id, descending), with the
    // count of all that match and the page's edges, all read from one snapshot. `filter` is an
    // event_filter(); throws std::logic_error for another table's.
    virtual EventPage list(const Filter& filter, const Slice& slice) = 0;

    // The events stored; cheap (kept as they are written, not counted per call).
    virtual std::int64_t count() = 0;

    // Up to `limit` matching events with ids above `after_id`, in id (commit) order: how a live
    // tail catches up from the database. `filter` is an event_filter().
    virtual std::vector<Event> events_after(const Filter& filter, std::int64_t after_id, int limit) = 0;
    // The largest id stored, 0 when there is none.
    virtual std::int64_t last_id() = 0;

    // Session summaries, last seen first (then session id, descending), read from the summaries
    // the writer keeps (never from the events). `filter` is a session_filter(); throws
    // std::logic_error for another table's.
    virtual SessionPage list_sessions(const Filter& filter, std::int64_t offset, int limit) = 0;
    // The session's summary and up to `limit` of its events after `after` (from its first event
    // when absent) in the order they happened, from one snapshot; nullopt when no event of the
    // session is stored.
    virtual std::optional<SessionTimeline> session_timeline(const std::string& session_id,
                                                            std::optional<TimelineCursor> after, int limit) = 0;
    // As session_timeline(), but the page also ends early, with at least one event and `more`
    // set, once its events hold `max_bytes` of text (as Slice::max_bytes bounds a list's page).
    // A store that keeps no byte budget reads `limit` events.
    virtual std::optional<SessionTimeline> session_timeline_within(const std::string& session_id,
                                                                   std::optional<TimelineCursor> after, int limit,
                                                                   std::size_t /*max_bytes*/) {
        return session_timeline(session_id, after, limit);
    }
    // How many matching events each rollup slot holds per key; exact for any bounds (whole slots
    // come from the rollups the writer keeps, the partial slots at the bounds from the events).
    // `filter` is a stats_filter(); throws std::logic_error for another table's.
    virtual std::vector<SlotCount> count_slots(const Filter& filter, StatsKey by) = 0;

    virtual std::optional<RejectedEvent> find_error(std::int64_t id) = 0;
    // As list(), ordered by received_at, then id. `filter` is an error_filter(); throws
    // std::logic_error for another table's.
    virtual ErrorPage list_errors(const Filter& filter, const Slice& slice) = 0;
    // How many of the matching errors carry each code, most frequent first.
    virtual std::vector<ErrorCount> count_errors(const Filter& filter) = 0;

    // Applications. add_app returns false when the name is taken (revoked names stay taken, so
    // their events keep one meaning); revoke_app false when there is no such live app.
    // add_app keeps the app's scopes and origins with it.
    virtual bool add_app(const App& app) = 0;
    virtual std::vector<App> list_apps() = 0;
    virtual bool revoke_app(const std::string& name, Micros at) = 0;
    // Adds and removes web origins of a live app in one transaction (an origin already there,
    // or not there to remove, is no error); false when there is no such live app.
    virtual bool change_app_origins(const std::string& name, const std::vector<std::string>& add,
                                    const std::vector<std::string>& remove) = 0;

    // Deletes the events timestamped before `before` and the errors received before it, and
    // takes what they counted out of the session summaries and the rollups (a summary or a
    // rollup row with nothing left goes), in small transactions that each leave the summaries
    // and rollups equal to the events; between them ingest has the writer, so it never waits
    // for more than one. The newest row of each table stays whatever its time, so that ids are
    // never reused. One purge at a time (a second waits). Stops between two transactions once
    // `cancel` (when given) is true. Throws on a storage failure; what was committed until
    // then stays purged.
    virtual PurgeCounts purge(Micros before, const std::atomic<bool>* cancel = nullptr) = 0;

    // Writes a consistent copy of the whole store, as of one moment after the call began, to
    // the new file `path`; ingest goes on meanwhile. Throws std::invalid_argument when `path`
    // exists, the store's error when the copy cannot be written (no partial copy is left).
    virtual BackupResult backup(const std::string& path) = 0;

    // Read once when the store opened; never blocks on the writer.
    virtual DurabilitySettings durability() = 0;

    // The bytes the store takes on disk (SQLite: the file and its write-ahead log); 0 when it
    // cannot tell. Never blocks on the writer; never throws.
    virtual std::int64_t disk_bytes() = 0;

    // Whether other eyed instances write to the same database, so that events this instance did
    // not commit can appear: the live tail must then learn of commits from the database rather
    // than from this instance's writer.
    virtual bool shared() const { return false; }

    // The storage problem in force, if any: the database was found damaged (that stays until a
    // restart), or the last write failed (a full disk) and none has succeeded since. For health
    // checks; never blocks on the writer.
    virtual std::optional<std::string> problem() = 0;
};

}  // namespace eye
