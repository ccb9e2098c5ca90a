// Followers: the hub's lock guards the list, each slot's lock its buffer; the writer holds a
// slot's lock only to append, so a follower busy writing to its socket never holds it up.
#include "followers.hpp"

#include <algorithm>

namespace eye {

// A buffered event is a place in a commit's events, which all followers share: however many
// follow, each commit's events are held once, and a follower's buffer costs 24 bytes an event.
// A follower's buffer spans the commits from its oldest waiting event to the newest commit, so
// capping the events of the commits it holds (twice `buffer`) caps what all of them hold.
struct Followers::Slot {
    explicit Slot(Filter f) : filter(std::move(f)) {}
    Filter filter;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::pair<std::shared_ptr<const std::vector<Event>>, std::size_t>> buffer;
    std::int64_t dropped = 0;
    bool stopped = false;
    std::size_t held = 0;  // events in the commits the buffer refers to
    const std::vector<Event>* last_commit = nullptr;
};

Followers::Followers(std::size_t max_followers, std::size_t buffer) : max_(max_followers), buffer_(buffer) {}

std::unique_ptr<Followers::Subscription> Followers::join(Filter filter) {
    auto slot = std::make_shared<Slot>(std::move(filter));
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || slots_.size() >= max_) return nullptr;
        slots_.push_back(slot);
    }
    return std::make_unique<Subscription>(*this, std::move(slot));
}

void Followers::leave(const std::shared_ptr<Slot>& slot) {
    std::lock_guard lock(mutex_);
    std::erase(slots_, slot);
}

void Followers::publish(std::vector<Event> committed) {
    if (committed.empty()) return;
    auto shared = std::make_shared<const std::vector<Event>>(std::move(committed));
    std::lock_guard lock(mutex_);
    for (const auto& slot : slots_) {
        bool added = false;
        {
            std::lock_guard slot_lock(slot->mutex);
            for (std::size_t i = 0; i < shared->size(); ++i) {
                if (!event_matches(slot->filter, (*shared)[i])) continue;
                if (slot->last_commit != shared.get()) {
                    slot->last_commit = shared.get();
                    slot->held += shared->size();
                }
                if (slot->dropped > 0 || slot->buffer.size() >= buffer_ || slot->held > 2 * buffer_) {
                    slot->dropped += 1;  // once behind, stays behind: the stream ends and resumes
                } else {
                    slot->buffer.emplace_back(shared, i);
                }
                added = true;
            }
        }
        if (added) slot->wake.notify_one();
    }
}

void Followers::stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const auto& slot : slots_) {
        {
            std::lock_guard slot_lock(slot->mutex);
            slot->stopped = true;
        }
        slot->wake.notify_one();
    }
}

std::size_t Followers::count() const {
    std::lock_guard lock(mutex_);
    return slots_.size();
}

Followers::Subscription::Subscription(Followers& hub, std::shared_ptr<Slot> slot) : hub_(hub), slot_(std::move(slot)) {}

Followers::Subscription::~Subscription() {
    hub_.leave(slot_);
}

Followers::Subscription::Wake Followers::Subscription::wait(std::vector<Event>& out,
                                                            std::chrono::milliseconds timeout) {
    out.clear();
    std::unique_lock lock(slot_->mutex);
    slot_->wake.wait_for(lock, timeout, [&] { return !slot_->buffer.empty() || slot_->dropped > 0 || slot_->stopped; });
    // What fitted is delivered first; the overflow is reported on the next call.
    if (!slot_->buffer.empty()) {
        out.reserve(slot_->buffer.size());
        for (const auto& [events, i] : slot_->buffer) out.push_back((*events)[i]);
        slot_->buffer.clear();
        slot_->held = 0;
        slot_->last_commit = nullptr;
        return Wake::events;
    }
    if (slot_->dropped > 0) return Wake::dropped;
    if (slot_->stopped) return Wake::stopped;
    return Wake::timeout;
}

std::int64_t Followers::Subscription::dropped() const {
    std::lock_guard lock(slot_->mutex);
    return slot_->dropped;
}

}  // namespace eye
