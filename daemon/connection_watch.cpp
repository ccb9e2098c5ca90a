// The watcher: it sleeps until the earliest deadline (or a change), shuts down the reading side
// of what expired, then both sides if it is still there a little later, and keeps the entry
// until the connection itself unregisters, so an fd is never shut down after reuse.
#include "connection_watch.hpp"

#include <algorithm>

#include <sys/socket.h>

namespace eye {

namespace {
constexpr auto forever = ConnectionWatch::Clock::time_point::max();
// How long a connection cut off from its client's input may take to send its refusal.
constexpr auto answer_grace = std::chrono::seconds(2);
}  // namespace

ConnectionWatch::ConnectionWatch() : watcher_([this] { run(); }) {}

ConnectionWatch::~ConnectionWatch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    watcher_.join();
}

ConnectionWatch::Entry::Entry(ConnectionWatch& watch, int fd) : watch_(watch), fd_(fd) {
    watch_.set(fd_, forever);
}

ConnectionWatch::Entry::~Entry() {
    std::lock_guard lock(watch_.mutex_);
    watch_.deadlines_.erase(fd_);
    watch_.half_closed_.erase(fd_);
}

void ConnectionWatch::Entry::deadline_in(Clock::duration limit) {
    watch_.set(fd_, Clock::now() + limit);
}

void ConnectionWatch::Entry::no_deadline() {
    watch_.set(fd_, forever);
}

void ConnectionWatch::set(int fd, Clock::time_point deadline) {
    bool sooner;
    {
        std::lock_guard lock(mutex_);
        if (cutoff_) deadline = std::min(deadline, *cutoff_);
        deadlines_[fd] = deadline;
        sooner = deadline < next_wake_;
    }
    if (sooner) changed_.notify_all();
}

void ConnectionWatch::end_all_within(Clock::duration grace) {
    {
        std::lock_guard lock(mutex_);
        cutoff_ = Clock::now() + grace;
        for (auto& [fd, deadline] : deadlines_) deadline = std::min(deadline, *cutoff_);
    }
    changed_.notify_all();
}

std::size_t ConnectionWatch::open() const {
    std::lock_guard lock(mutex_);
    return deadlines_.size();
}

std::size_t ConnectionWatch::expired() const {
    std::lock_guard lock(mutex_);
    return expired_;
}

void ConnectionWatch::note_expired() {
    std::lock_guard lock(mutex_);
    ++expired_;
}

std::size_t ConnectionWatch::refused() const {
    std::lock_guard lock(mutex_);
    return refused_;
}

void ConnectionWatch::note_refused() {
    std::lock_guard lock(mutex_);
    ++refused_;
}

void ConnectionWatch::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        auto now = Clock::now();
        auto next = forever;
        for (auto& [fd, deadline] : deadlines_) {
            if (deadline <= now) {
                if (!half_closed_.contains(fd)) {
                    // First the reading side: a recv() blocked on a slow client returns end of
                    // input, and the connection can still answer that its request was cut off.
                    ::shutdown(fd, SHUT_RD);
                    half_closed_.insert(fd);
                    ++expired_;
                    deadline = now + answer_grace;
                } else {
                    // Still here: it is stuck writing to a client that does not read.
                    ::shutdown(fd, SHUT_RDWR);
                    deadline = forever;  // the connection unregisters as it ends
                }
            }
            next = std::min(next, deadline);
        }
        next_wake_ = next;
        if (next == forever)
            changed_.wait(lock);
        else
            changed_.wait_until(lock, next);
    }
}

}  // namespace eye
