// A plain queue and threads: a job is a connection with a whole header block waiting, so it
// never blocks on a client for long (the connection watch bounds the body and the reply).
#include "request_workers.hpp"

namespace eye {

RequestWorkers::RequestWorkers(std::size_t threads) : max_threads_(threads) {}

RequestWorkers::~RequestWorkers() {
    join();
}

void RequestWorkers::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
        // A new thread only when no idle one will take the job: the pool grows with the
        // requests served at once, not with the connections open.
        if (idle_ < jobs_.size() && threads_.size() < max_threads_) {
            threads_.emplace_back([this] { work(); });
            return;
        }
    }
    queued_.notify_one();
}

void RequestWorkers::join() {
    // In rounds: a job running now may post another, which may start a thread.
    for (;;) {
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
            threads.swap(threads_);
        }
        if (threads.empty()) return;
        queued_.notify_all();
        for (auto& t : threads) t.join();
    }
}

std::size_t RequestWorkers::busy() const {
    std::lock_guard lock(mutex_);
    return busy_;
}

void RequestWorkers::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        ++idle_;
        queued_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // stopping, and nothing left to run
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        ++busy_;
        lock.unlock();
        job();
        lock.lock();
        --busy_;
    }
}

}  // namespace eye
