// Checkpoints SQLite's write-ahead log from a thread of its own, off the writer's path.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "sqlite_handle.hpp"

namespace eye::sqlite {

// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that commit
// copies the log's pages back into the database file and syncs it while every request of its
// group waits (13% of eyed's samples under single-event load, --durability process). This
// takes the job: the writer's commit only wakes it.
class WalCheckpointer {
public:
    // Opens a connection of its own to `path`, set up by `configure` (the writer's durability:
    // a checkpoint syncs as that connection's `synchronous` says), and replaces `writer`'s
    // automatic checkpoints with a hook that wakes this thread once the log holds `wake_frames`
    // frames. Should the thread fall behind until the log holds `inline_frames`, the writer's
    // commit checkpoints itself as SQLite would, so the log stays bounded. Throws Error when the
    // connection cannot be opened. `writer` must outlive this.
    WalCheckpointer(const std::string& path, Db& writer, const std::function<void(Db&)>& configure,
                    int wake_frames = 1000, int inline_frames = 10000);
    // Stops and joins the thread and gives `writer` SQLite's automatic checkpoints back.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // Checkpoints run by the thread so far, and of those how many failed (SQLITE_BUSY while a
    // reader holds an old snapshot is no failure: the next wake-up retries). For tests.
    int checkpoints() const;
    int failures() const;
    // No checkpoint running or asked for.
    bool idle() const;

private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
    void run();

    Db& writer_;
    Db own_;
    const int wake_frames_;
    const int inline_frames_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false;
    bool running_ = false;
    bool stopping_ = false;
    int checkpoints_ = 0;
    int failures_ = 0;
    std::thread thread_;
};

}  // namespace eye::sqlite
