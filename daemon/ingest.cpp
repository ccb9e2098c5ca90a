// The ingest pipeline's queue and writer thread.
#include "ingest.hpp"

namespace eye {

Ingest::Ingest(Store& store, std::size_t capacity)
    : store_(store), capacity_(capacity), writer_([this] { run(); }) {}

Ingest::~Ingest() { stop(); }

std::vector<AppendResult> Ingest::submit(std::vector<Event> events, std::vector<RejectedEvent> rejected) {
    std::size_t size = events.size() + rejected.size();
    if (size == 0) return {};
    std::future<std::vector<AppendResult>> result;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw IngestRefused(IngestRefused::Reason::stopping, "the daemon is shutting down");
        // A batch bigger than the whole queue is still taken when the queue is empty, so that
        // it cannot be refused forever; the batch size limit bounds it instead.
        if (queued_events_ > 0 && queued_events_ + size > capacity_)
            throw IngestRefused(IngestRefused::Reason::queue_full, "the ingest queue is full");
        queued_events_ += size;
        queue_.push_back(Job{std::move(events), std::move(rejected), {}});
        result = queue_.back().done.get_future();
    }
    wake_.notify_one();
    return result.get();
}

void Ingest::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !writer_.joinable()) return;
        stopping_ = true;
    }
    wake_.notify_one();
    if (writer_.joinable()) writer_.join();
}

Ingest::Stats Ingest::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::size_t Ingest::queued_events() const {
    std::lock_guard lock(mutex_);
    return queued_events_;
}

void Ingest::run() {
    for (;;) {
        std::vector<Job> group;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            group.reserve(queue_.size());
            for (Job& job : queue_) group.push_back(std::move(job));
            queue_.clear();
        }
        commit(group);
    }
}

void Ingest::commit(std::vector<Job>& group) {
    std::vector<Event> events;
    std::vector<RejectedEvent> rejected;
    for (Job& job : group) {
        for (Event& e : job.events) events.push_back(std::move(e));
        for (RejectedEvent& r : job.rejected) rejected.push_back(std::move(r));
    }
    std::size_t total = events.size() + rejected.size();

    try {
        std::vector<AppendResult> results = store_.append(events, rejected);
        {
            std::lock_guard lock(mutex_);
            queued_events_ -= total;
            stats_.commits += 1;
            stats_.events += events.size();
            stats_.rejected += rejected.size();
        }
        auto next = results.begin();
        for (Job& job : group) {
            auto end = next + static_cast<std::ptrdiff_t>(job.events.size());
            job.done.set_value(std::vector<AppendResult>(next, end));
            next = end;
        }
    } catch (...) {
        {
            std::lock_guard lock(mutex_);
            queued_events_ -= total;
        }
        for (Job& job : group) job.done.set_exception(std::current_exception());
    }
}

}  // namespace eye
