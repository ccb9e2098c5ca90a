// The background checkpointer: a PASSIVE checkpoint on its own connection whenever the writer's
// commits have grown the log past a threshold. PASSIVE never blocks the writer or a reader; pages
// a reader still needs stay in the log for the next round.
#include "wal_checkpointer.hpp"

namespace eye::sqlite {

WalCheckpointer::WalCheckpointer(const std::string& path, Db& writer, const std::function<void(Db&)>& configure,
                                 int wake_frames, int inline_frames)
    : writer_(writer), own_(path, false), wake_frames_(wake_frames), inline_frames_(inline_frames) {
    configure(own_);
    thread_ = std::thread([this] { run(); });
    sqlite3_wal_hook(writer_.get(), &WalCheckpointer::on_commit, this);
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_autocheckpoint(writer_.get(), 1000);  // SQLite's default hook again
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

int WalCheckpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

bool WalCheckpointer::idle() const {
    std::lock_guard lock(mutex_);
    return !due_ && !running_;
}

int WalCheckpointer::failures() const {
    std::lock_guard lock(mutex_);
    return failures_;
}

// Runs on the writer's thread after each of its commits, with the frames the log now holds.
int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int frames) {
    auto* c = static_cast<WalCheckpointer*>(self);
    if (frames >= c->inline_frames_) {
        // Far behind (a reader pinned an old snapshot, or the thread starved): do what SQLite's
        // own hook does. Its result is not the commit's: the commit has already happened.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }
    if (frames >= c->wake_frames_) {
        {
            std::lock_guard lock(c->mutex_);
            if (c->due_) return SQLITE_OK;
            c->due_ = true;
        }
        c->wake_.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return due_ || stopping_; });
        if (stopping_) return;
        // Cleared before the checkpoint: the frames of commits made meanwhile are not in it, and
        // those commits ask for the next round. Until one round ends with nothing added, the
        // writer cannot rewind the log (or it does so itself at inline_frames).
        due_ = false;
        running_ = true;
        lock.unlock();
        int rc = sqlite3_wal_checkpoint_v2(own_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        running_ = false;
        ++checkpoints_;
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) ++failures_;
    }
}

}  // namespace eye::sqlite
