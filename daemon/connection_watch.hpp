// Deadlines for connections. Poco's socket timeout bounds each recv() alone, so a client that
// sends one byte every few seconds could hold a request thread for ever; here a watcher thread
// shuts down the reading side of any connection past its deadline, which wakes the thread
// blocked on it with end of input (it can still answer), and both sides 2 s later if the
// connection is still there, which ends a write blocked on a client that does not read.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace eye {

class ConnectionWatch {
public:
    using Clock = std::chrono::steady_clock;

    // Starts the watcher thread.
    ConnectionWatch();
    // Stops it; every Entry must have ended before.
    ~ConnectionWatch();
    ConnectionWatch(const ConnectionWatch&) = delete;
    ConnectionWatch& operator=(const ConnectionWatch&) = delete;

    // One connection's registration, for as long as its socket (fd) is open: the fd cannot be
    // reused by another connection while the entry exists.
    class Entry {
    public:
        Entry(ConnectionWatch& watch, int fd);
        ~Entry();
        Entry(const Entry&) = delete;
        Entry& operator=(const Entry&) = delete;
        // The connection must be done with its current phase within `limit` from now.
        void deadline_in(Clock::duration limit);
        // No deadline (e.g. while waiting for the ingest queue's commit, which is bounded itself).
        void no_deadline();

    private:
        ConnectionWatch& watch_;
        int fd_;
    };

    // From now on no connection lives longer than `grace`: used at shutdown, so that slow clients
    // cannot keep the daemon from stopping.
    void end_all_within(Clock::duration grace);

    // Connections registered now.
    std::size_t open() const;
    // Connections shut down for missing a deadline, since start (by the watch, or by the
    // connection reactor for the header deadline, through note_expired()).
    std::size_t expired() const;
    void note_expired();
    // Connections closed at once for want of room (--max-connections, file descriptors).
    std::size_t refused() const;
    void note_refused();

private:
    void run();
    void set(int fd, Clock::time_point deadline);

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<int, Clock::time_point> deadlines_;  // by fd
    std::set<int> half_closed_;                   // fds whose reading side was shut down
    std::optional<Clock::time_point> cutoff_;     // end_all_within's
    std::size_t expired_ = 0;
    std::size_t refused_ = 0;
    // When the watcher wakes next: a deadline later than that needs no wake-up (most of them,
    // one per request, so this spares a context switch per request).
    Clock::time_point next_wake_ = Clock::time_point::max();
    bool stopping_ = false;
    std::thread watcher_;
};

}  // namespace eye
