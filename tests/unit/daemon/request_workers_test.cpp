// Request threads: every posted job runs, at most `threads` at once, and join() runs what is queued.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "request_workers.hpp"

using eye::RequestWorkers;

TEST_CASE("jobs run on at most the pool's threads, and join runs what is queued", "[request_workers]") {
    std::atomic<int> running{0}, most{0}, done{0};
    std::mutex m;
    std::condition_variable cv;
    bool open = false;
    {
        RequestWorkers workers(3);
        for (int i = 0; i < 20; ++i) {
            workers.post([&] {
                int now = ++running;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return open; });
                --running;
                ++done;
            });
        }
        // The first three hold their threads until the gate opens: the rest must wait in the queue.
        auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (running.load() < 3 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
        REQUIRE(running.load() == 3);
        CHECK(workers.busy() == 3);
        {
            std::lock_guard lock(m);
            open = true;
        }
        cv.notify_all();
        workers.join();
    }
    CHECK(done.load() == 20);
    CHECK(most.load() == 3);
}
