// Where connections wait between requests, holding no thread: one epoll thread per listener
// accepts, watches every connection that is idle (kept alive) or still sending its headers, and
// hands a connection to the request threads only once its whole header block has arrived. So
// hundreds of idle or slowloris connections cost a few KiB each, never a request thread.
//
// Raw epoll rather than Poco's SocketReactor or PollSet: a connection with half a header block
// must wake the thread again only when more bytes arrive (edge-triggered; peeking leaves the
// bytes in the kernel, so level-triggered readiness would spin), and each connection has a
// deadline of its own; Poco 1.11 offers neither.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Poco/Net/ServerSocket.h>

#include "http_connection.hpp"
#include "request_workers.hpp"

namespace eye {

struct WaitLimits {
    std::chrono::seconds header_timeout{
        10};                               // from a request's first byte (or the connection's start) to its last header
    std::chrono::seconds idle_timeout{5};  // a kept-alive connection waiting for its next request
    std::size_t max_connections = 4096;    // open at once on this listener; more are refused at once
};

class ConnectionReactor {
public:
    using Clock = std::chrono::steady_clock;

    // Takes over the listening socket and starts the thread. Connections are served on
    // `workers` with `http`; both must outlive the reactor. Throws std::system_error when epoll
    // cannot be set up.
    ConnectionReactor(Poco::Net::ServerSocket listener, WaitLimits limits, HttpSettings& http, RequestWorkers& workers,
                      ConnectionWatch& watch);
    // Shuts down at once (if shutdown() was not called) and joins.
    ~ConnectionReactor();
    ConnectionReactor(const ConnectionReactor&) = delete;
    ConnectionReactor& operator=(const ConnectionReactor&) = delete;

    // Stops accepting, closes idle connections at once and gives those still sending headers
    // `grace` at most; a connection being served closes when its reply is done. Returns at once;
    // join() waits for the last connection to close.
    void shutdown(Clock::duration grace);
    void join();

private:
    enum class Phase { idle, reading, serving, lingering };
    struct Waiting {
        std::unique_ptr<HttpConnection> connection;
        Phase phase = Phase::idle;
        bool fresh = true;  // no request served yet: its header deadline runs from the accept
        Clock::time_point deadline;
    };

    void run();
    void accept_all();
    bool take_spare();
    void pause_accepting(int error);
    void resume_accepting();
    void admit(int fd);
    void readable(int fd, bool hung_up);
    void check(Waiting& w, bool hung_up);
    void hand_over(Waiting& w, std::size_t header_length);
    void returned(int fd, bool keep_alive);
    void expire(Clock::time_point now);
    void refuse(Waiting& w, const std::string& why);
    void close(int fd);
    void set_deadline(Waiting& w, Clock::time_point deadline);
    void clear_deadline(Waiting& w);
    void begin_shutdown();
    int wait_ms() const;
    void wake();

    Poco::Net::ServerSocket listener_;
    const int listen_fd_;
    const bool tcp_;  // TCP_NODELAY for TCP connections (not on a Unix socket)
    const WaitLimits limits_;
    std::string peeked_;  // what pending_input() copies; one buffer for every check
    HttpSettings& http_;
    RequestWorkers& workers_;
    ConnectionWatch& watch_;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;   // an eventfd: request threads handing connections back, shutdown
    int spare_fd_ = -1;  // given up to accept-and-close a client when out of descriptors
    bool accepting_paused_ = false;       // the listener is out of epoll until accept_resume_at_,
    Clock::time_point accept_resume_at_;  // after accept() failed for want of a descriptor
    bool accept_failing_ = false;         // no accept has succeeded since: the failure is logged once

    std::unordered_map<int, Waiting> connections_;           // by fd; touched by the thread only
    std::set<std::pair<Clock::time_point, int>> deadlines_;  // (deadline, fd) of waiting ones

    std::mutex handed_back_mutex_;
    std::vector<std::pair<int, bool>> handed_back_;  // (fd, keep alive) from request threads
    std::atomic<bool> stop_requested_{false};
    Clock::duration grace_{};
    bool stopped_ = false;  // shutdown applied by the thread

    std::thread thread_;
};

}  // namespace eye
