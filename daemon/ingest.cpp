// The ingest pipeline: a request waits for the commit that holds its events, so nothing is
// acknowledged before it is durable; a full queue refuses at once instead of waiting.
#include "ingest.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>

namespace eye {

Ingest::Ingest(Store& store, std::size_t capacity, CommitListener on_commit, Metrics* metrics)
    : store_(store), capacity_(capacity), on_commit_(std::move(on_commit)), metrics_(metrics), writer_([this] {
          run();
      }) {}

Ingest::~Ingest() {
    stop();
}

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

bool Ingest::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

std::chrono::steady_clock::time_point Ingest::writer_heartbeat() const {
    return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(heartbeat_.load()));
}

void Ingest::run() {
    for (;;) {
        heartbeat_ = std::chrono::steady_clock::now().time_since_epoch().count();
        std::vector<Job> group;
        {
            std::unique_lock lock(mutex_);
            // Idle, the writer still wakes now and then to say it is alive.
            if (!wake_.wait_for(lock, heartbeat_period, [this] { return stopping_ || !queue_.empty(); })) continue;
            if (queue_.empty()) return;  // stopping and drained
            group.reserve(queue_.size());
            for (Job& job : queue_) group.push_back(std::move(job));
            queue_.clear();
        }
        commit(group);
    }
}

void Ingest::commit(std::vector<Job>& group) {
    // What the group holds in the queue's accounting, taken before anything is moved.
    std::size_t queued = 0;
    for (const Job& job : group) queued += job.events.size() + job.rejected.size();

    std::vector<std::size_t> sizes;  // each job's number of events, to hand back its results
    std::vector<Event> events;
    std::vector<RejectedEvent> rejected;
    std::vector<AppendResult> results;
    std::exception_ptr failure;
    double seconds = 0;
    try {
        // One job (a batch alone, a single request) is committed from its own vectors; several
        // are gathered into vectors of their exact size. Growing them by doubling, and keeping
        // the jobs' emptied vectors meanwhile, held three copies' worth of four 10,000-event
        // batches at the peak.
        if (group.size() == 1) {
            sizes.push_back(group[0].events.size());
            events = std::move(group[0].events);
            rejected = std::move(group[0].rejected);
        } else {
            std::size_t event_count = 0, rejected_count = 0;
            for (const Job& job : group) {
                event_count += job.events.size();
                rejected_count += job.rejected.size();
            }
            events.reserve(event_count);
            rejected.reserve(rejected_count);
            for (Job& job : group) {
                sizes.push_back(job.events.size());
                std::move(job.events.begin(), job.events.end(), std::back_inserter(events));
                std::move(job.rejected.begin(), job.rejected.end(), std::back_inserter(rejected));
                std::vector<Event>().swap(job.events);
                std::vector<RejectedEvent>().swap(job.rejected);
            }
        }
        auto began = std::chrono::steady_clock::now();
        results = store_.append(events, rejected);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    } catch (...) {
        failure = std::current_exception();  // nothing of the group was committed
    }
    {
        std::lock_guard lock(mutex_);
        queued_events_ -= queued;
        if (!failure) {
            stats_.commits += 1;
            stats_.events += events.size();
            stats_.rejected += rejected.size();
        }
    }
    if (!failure && metrics_) {
        CommitFigures figures{seconds, 0, 0, {}};
        for (const AppendResult& r : results) (r.duplicate ? figures.duplicates : figures.stored) += 1;
        for (const RejectedEvent& r : rejected) figures.rejected_codes.push_back(r.error.code);
        metrics_->committed(figures);
    }
    std::size_t next = 0;
    for (std::size_t j = 0; j < group.size(); ++j) {
        if (failure) {
            group[j].done.set_exception(failure);
            continue;
        }
        try {
            group[j].done.set_value(
                std::vector<AppendResult>(results.begin() + static_cast<std::ptrdiff_t>(next),
                                          results.begin() + static_cast<std::ptrdiff_t>(next + sizes[j])));
        } catch (...) {
            group[j].done.set_exception(std::current_exception());
        }
        next += sizes[j];
    }
    if (failure || !on_commit_) return;
    // The stored events are compacted in place rather than copied into a second vector.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (results[i].duplicate) continue;
        events[i].id = results[i].id;
        if (kept != i) events[kept] = std::move(events[i]);
        ++kept;
    }
    events.resize(kept);
    on_commit_(std::move(events));
}

}  // namespace eye
