// The request threads of one listener: connections whose request is ready to read are queued
// here and served one request at a time (or for a stream's whole life) by up to `threads`.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace eye {

class RequestWorkers {
public:
    // Threads start as work arrives, up to `threads`, and stay for the pool's life.
    explicit RequestWorkers(std::size_t threads);
    // Runs what is queued, then joins the threads (as join()).
    ~RequestWorkers();
    RequestWorkers(const RequestWorkers&) = delete;
    RequestWorkers& operator=(const RequestWorkers&) = delete;

    // Queues `job`; it runs as soon as a thread is free. Never blocks on the job; never throws
    // but std::bad_alloc or std::system_error (no thread could be started while none is free).
    void post(std::function<void()> job);

    // Lets every queued job run, then ends and joins the threads. Idempotent.
    void join();

    // Jobs running now.
    std::size_t busy() const;

private:
    void work();

    const std::size_t max_threads_;
    mutable std::mutex mutex_;
    std::condition_variable queued_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    std::size_t busy_ = 0;
    bool stopping_ = false;
};

}  // namespace eye
