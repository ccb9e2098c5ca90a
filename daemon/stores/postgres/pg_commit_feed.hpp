// The live tail's source when several instances share one PostgreSQL: every instance's commits,
// learnt by LISTEN and read back from the table in id (commit) order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "event.hpp"
#include "store.hpp"

namespace eye {

class PgCommitFeed {
public:
    using Publish = std::function<void(std::vector<Event>)>;

    // Starts a thread that hands `publish` every event committed from now on by any instance on
    // the database, in id order, each once. A NOTIFY from the committing writer wakes it; it also
    // looks once a second, and after a lost connection it reconnects with backoff and catches up
    // from the table, so an event is late at worst, never skipped. Throws std::system_error when
    // the thread cannot start.
    PgCommitFeed(std::string conninfo, Store& store, Publish publish);
    ~PgCommitFeed();
    PgCommitFeed(const PgCommitFeed&) = delete;
    PgCommitFeed& operator=(const PgCommitFeed&) = delete;

    // Publishes what was committed before the call, then ends the thread.
    void stop();

private:
    void run();
    // Publishes every event after last_; false when the store could not be read.
    bool catch_up();

    std::string conninfo_;
    Store& store_;
    Publish publish_;
    std::int64_t last_ = 0;
    int wake_[2] = {-1, -1};  // a pipe: stop() writes, the thread's poll() wakes
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace eye
