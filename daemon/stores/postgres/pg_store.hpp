// The scale-out store: one PostgreSQL database shared by several eyed instances.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "durability.hpp"
#include "pg_connection.hpp"
#include "store.hpp"

namespace eye {

class PgStore final : public Store {
public:
    // Connects, migrates the schema (once across instances) and reads back the durability in
    // force; throws pg::Error when the database cannot be reached or migrated.
    PgStore(std::string conninfo, Durability durability);
    ~PgStore() override;

    std::vector<AppendResult> append(std::span<const Event> events, std::span<const RejectedEvent> rejected) override;
    std::optional<Event> find(std::int64_t id) override;
    EventPage list(const Filter& filter, const Slice& slice) override;
    std::int64_t count() override;
    std::vector<Event> events_after(const Filter& filter, std::int64_t after_id, int limit) override;
    std::int64_t last_id() override;
    SessionPage list_sessions(const Filter& filter, std::int64_t offset, int limit) override;
    std::optional<SessionTimeline> session_timeline(const std::string& session_id, std::optional<TimelineCursor> after,
                                                    int limit) override;
    std::optional<SessionTimeline> session_timeline_within(const std::string& session_id,
                                                           std::optional<TimelineCursor> after, int limit,
                                                           std::size_t max_bytes) override;
    std::vector<SlotCount> count_slots(const Filter& filter, StatsKey by) override;
    std::optional<RejectedEvent> find_error(std::int64_t id) override;
    ErrorPage list_errors(const Filter& filter, const Slice& slice) override;
    std::vector<ErrorCount> count_errors(const Filter& filter) override;
    bool add_app(const App& app) override;
    std::vector<App> list_apps() override;
    bool revoke_app(const std::string& name, Micros at) override;
    bool change_app_origins(const std::string& name, const std::vector<std::string>& add,
                            const std::vector<std::string>& remove) override;
    // Whole months before `before` go as partitions (pg_purge.hpp), one per transaction, then
    // the rest of the limit's month and the errors in time-budgeted transactions. Unlike
    // SQLite's, no newest row is kept: ids come from a sequence and are never reused.
    PurgeCounts purge(Micros before, const std::atomic<bool>* cancel) override;
    // Refused with bad_request: pg_dump copies a PostgreSQL database online.
    BackupResult backup(const std::string& path) override;
    std::int64_t disk_bytes() override;
    DurabilitySettings durability() override;
    std::optional<std::string> problem() override;
    bool shared() const override { return true; }

private:
    class Connections;

    // Runs fn on the writer connection (under the write lock), connecting it first if needed.
    // A lost connection is dropped and reported as StoreUnavailable; other failures as
    // pg::Error. Either way the problem is noted for problem().
    template <typename Fn>
    auto with_writer(Fn&& fn);
    // As with_writer, on a reader connection of the pool.
    template <typename Fn>
    auto with_reader(Fn&& fn);
    // Runs work(db) in a transaction on the writer connection under the writer lock that
    // every instance's writers take (with_writer's failures; rolled back when work throws).
    template <typename Work>
    auto in_write_transaction(Work&& work);
    // One try of append() on the writer connection, in its own transaction.
    std::vector<AppendResult> append_once(pg::Connection& db, std::span<const Event> events,
                                          std::span<const RejectedEvent> rejected);
    void note_failure(const pg::Error& e, bool writing);
    void note_success(bool writing);

    std::string conninfo_;
    Durability mode_;
    DurabilitySettings durability_;
    std::unique_ptr<Connections> connections_;

    std::mutex problem_mutex_;
    std::optional<std::string> lost_;          // the database could not be reached
    std::optional<std::string> write_failed_;  // the last write failed

    std::mutex purge_mutex_;  // one purge at a time in this instance
    std::mutex write_mutex_;
    std::unique_ptr<pg::Connection> writer_;
    std::set<std::string> partitions_;  // months known to exist; under write_mutex_
};

}  // namespace eye
