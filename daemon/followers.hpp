// Live-tail followers: each has a bounded buffer the writer fills after a commit, so a slow
// follower never slows ingest; one whose buffer overflows is told how many it missed and ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "event.hpp"
#include "event_filter.hpp"

namespace eye {

class Followers {
public:
    struct Slot;

    // One follower's membership; leaves the hub when destroyed.
    class Subscription {
    public:
        enum class Wake {
            events,   // `out` holds events, oldest first
            timeout,  // nothing arrived in time: time for a heartbeat
            dropped,  // the buffer overflowed; dropped() events were lost and the stream must end
            stopped,  // the daemon is stopping, and everything buffered was delivered
        };
        Subscription(Followers& hub, std::shared_ptr<Slot> slot);
        ~Subscription();
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;

        // Blocks up to `timeout` for events committed since the last call (matching the filter).
        Wake wait(std::vector<Event>& out, std::chrono::milliseconds timeout);
        // How many matching events did not fit the buffer.
        std::int64_t dropped() const;

    private:
        Followers& hub_;
        std::shared_ptr<Slot> slot_;
    };

    // At most `max_followers` at once, each buffering at most `buffer` events, from commits of
    // at most 2 x `buffer` events in all (else it is dropped). The events are held once for all
    // followers (a follower's place costs 24 bytes an event), so the events held are bounded by
    // about 2 x `buffer` however many follow.
    Followers(std::size_t max_followers, std::size_t buffer);

    // A new follower of the events matching `filter` (an event_filter()) committed from now on;
    // null when max_followers are following already or the hub is stopping. Never blocks long.
    std::unique_ptr<Subscription> join(Filter filter);

    // Hands newly committed events (with their ids, in commit order) to every follower whose
    // filter they match. Called by the writer after each commit; never blocks on a follower
    // beyond a short lock, and never throws for a full buffer (that follower is dropped).
    void publish(std::vector<Event> committed);

    // Wakes every follower with Wake::stopped and refuses new ones.
    void stop();

    std::size_t count() const;
    std::size_t max_followers() const { return max_; }

private:
    void leave(const std::shared_ptr<Slot>& slot);

    const std::size_t max_;
    const std::size_t buffer_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Slot>> slots_;
    bool stopping_ = false;
};

}  // namespace eye
