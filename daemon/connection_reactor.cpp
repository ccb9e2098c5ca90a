// The waiting room. Every connection is in one phase: idle (kept alive, no byte of a next
// request yet), reading (part of a header block here), serving (on a request thread: not
// watched here, the ConnectionWatch bounds it), lingering (refused: our side is shut, its input
// is read and dropped for a moment so that the refusal is not destroyed by a reset).
#include "connection_reactor.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Poco/Net/HTTPResponse.h>
#include <spdlog/spdlog.h>

#include "header_block.hpp"
#include "reply.hpp"

namespace eye {
namespace {

// How long a refused connection is read and dropped before it is closed.
constexpr auto linger = std::chrono::seconds(1);
// Accepts per wake-up, so that a flood of connections cannot starve the ones already open.
constexpr int accepts_per_wake = 64;
// How long accepting pauses when accept() fails for want of a resource (no descriptor and no
// spare to free one): the listener is level-triggered, so trying again at once would spin a
// core for as long as the shortage lasts. Descriptors come back as connections close.
constexpr auto accept_pause = std::chrono::milliseconds(100);

std::system_error os_error(const char* what) {
    return std::system_error(errno, std::generic_category(), what);
}

// A whole HTTP/1.1 response that closes the connection, for the replies this thread sends
// itself (it never waits to send them: what does not fit the socket buffer is lost).
std::string closing_response(const Error& error, int retry_after = 0) {
    Reply reply = error_reply(error);
    Poco::Net::HTTPResponse response(Poco::Net::HTTPMessage::HTTP_1_1,
                                     static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
    response.setKeepAlive(false);
    if (retry_after > 0) response.set("Retry-After", std::to_string(retry_after));
    std::ostringstream out;
    response.write(out);
    out << reply.body;
    return out.str();
}

void send_without_waiting(int fd, const std::string& bytes) {
    // Best effort: a client that has not read its buffer full does not get the rest.
    [[maybe_unused]] ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void drop_input(int fd) {
    char sink[4096];
    while (::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
}

void watch_input(int epoll_fd, int fd, int op) {
    epoll_event ev{};
    // Edge-triggered: woken when bytes arrive, not again for bytes already seen.
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_fd, op, fd, &ev) != 0) throw os_error("epoll_ctl");
}

}  // namespace

ConnectionReactor::ConnectionReactor(Poco::Net::ServerSocket listener, WaitLimits limits, HttpSettings& http,
                                     RequestWorkers& workers, ConnectionWatch& watch)
    : listener_(std::move(listener)),
      listen_fd_(listener_.impl()->sockfd()),
      tcp_(listener_.address().family() != Poco::Net::SocketAddress::UNIX_LOCAL),
      limits_(limits),
      http_(http),
      workers_(workers),
      watch_(watch) {
    listener_.setBlocking(false);
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw os_error("epoll_create1");
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw os_error("eventfd");
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;  // level-triggered: accept_all() may leave some for the next round
    ev.data.fd = listen_fd_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) throw os_error("epoll_ctl");
    ev.data.fd = wake_fd_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) throw os_error("epoll_ctl");
    thread_ = std::thread([this] { run(); });
}

ConnectionReactor::~ConnectionReactor() {
    shutdown(Clock::duration::zero());
    join();
    std::lock_guard lock(handed_back_mutex_);
    ::close(epoll_fd_);
    ::close(wake_fd_);
    if (spare_fd_ >= 0) ::close(spare_fd_);
}

void ConnectionReactor::shutdown(Clock::duration grace) {
    {
        std::lock_guard lock(handed_back_mutex_);
        if (stop_requested_) return;
        grace_ = grace;
        stop_requested_ = true;
    }
    wake();
}

void ConnectionReactor::join() {
    if (thread_.joinable()) thread_.join();
}

void ConnectionReactor::wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void ConnectionReactor::run() {
    std::vector<epoll_event> events(256);
    for (;;) {
        std::vector<std::pair<int, bool>> back;
        {
            std::lock_guard lock(handed_back_mutex_);
            back.swap(handed_back_);
        }
        for (auto [fd, keep_alive] : back) returned(fd, keep_alive);
        if (stop_requested_ && !stopped_) begin_shutdown();
        if (accepting_paused_ && !stopped_ && Clock::now() >= accept_resume_at_) resume_accepting();
        if (stopped_ && connections_.empty()) return;
        expire(Clock::now());

        int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), wait_ms());
        if (n < 0 && errno != EINTR) {
            spdlog::critical("epoll_wait failed: {}", std::strerror(errno));
            return;
        }
        for (int i = 0; i < n; ++i) {
            int fd = events[i].data.fd;
            if (fd == listen_fd_) {
                if (!stopped_) accept_all();
            } else if (fd == wake_fd_) {
                std::uint64_t count;
                [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof count);
            } else {
                readable(fd, events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR));
            }
        }
    }
}

int ConnectionReactor::wait_ms() const {
    std::optional<Clock::time_point> next;
    if (!deadlines_.empty()) next = deadlines_.begin()->first;
    if (accepting_paused_ && !stopped_ && (!next || accept_resume_at_ < *next)) next = accept_resume_at_;
    if (!next) return -1;
    auto left = *next - Clock::now();
    if (left <= Clock::duration::zero()) return 0;
    // Rounded up: waking a little late is fine, waking early only loops.
    return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

void ConnectionReactor::accept_all() {
    for (int i = 0; i < accepts_per_wake; ++i) {
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            if (accept_failing_) {
                accept_failing_ = false;
                spdlog::info("accepting connections again");
            }
            admit(fd);
            continue;
        }
        int error = errno;
        if (error == EINTR || error == ECONNABORTED) continue;
        if (error == EAGAIN || error == EWOULDBLOCK) return;
        if ((error == EMFILE || error == ENFILE) && (spare_fd_ >= 0 || take_spare())) {
            // Out of descriptors: the client would wait in the backlog, and the listener stay
            // readable for ever. Give up the spare, accept and close it, take the spare back.
            ::close(spare_fd_);
            int refused = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (refused < 0) error = errno;
            else ::close(refused);
            take_spare();  // may fail (another thread took the descriptor): the next shortage pauses
            if (refused >= 0) {
                watch_.note_refused();
                spdlog::warn("out of file descriptors with {} connections open: a new connection was closed",
                             connections_.size());
                continue;
            }
            if (error == EAGAIN || error == EWOULDBLOCK) return;  // the client gave up meanwhile
        }
        // No descriptor, no spare to free one, or another shortage (ENOBUFS, ENOMEM): the
        // listener stays readable, so wait before trying again rather than spin.
        pause_accepting(error);
        return;
    }
}

bool ConnectionReactor::take_spare() {
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    return spare_fd_ >= 0;
}

void ConnectionReactor::pause_accepting(int error) {
    if (!accept_failing_)  // once per shortage, not once per retry
        spdlog::error("accept failed: {}; with {} connections open, accepting pauses and is retried every {} ms",
                      std::strerror(error), connections_.size(), accept_pause.count());
    accept_failing_ = true;
    accepting_paused_ = true;
    accept_resume_at_ = Clock::now() + accept_pause;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
}

void ConnectionReactor::resume_accepting() {
    accepting_paused_ = false;
    if (spare_fd_ < 0) take_spare();
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) {
        // Itself short of memory: try again after another pause.
        accepting_paused_ = true;
        accept_resume_at_ = Clock::now() + accept_pause;
    }
}

void ConnectionReactor::admit(int fd) {
    if (connections_.size() >= limits_.max_connections) {
        // Refused at once, so that a client can retry elsewhere instead of waiting unanswered.
        static const std::string busy = closing_response(
            Error{code::unavailable, "eyed has as many connections open as it takes (--max-connections); retry later",
                  ""},
            1);
        send_without_waiting(fd, busy);
        ::close(fd);
        watch_.note_refused();
        return;
    }
    if (tcp_) {
        int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // replies go out whole at once
    }
    Waiting& w = connections_[fd];
    try {
        w.connection = std::make_unique<HttpConnection>(fd, http_);  // owns fd from here
        watch_input(epoll_fd_, fd, EPOLL_CTL_ADD);
    } catch (const std::exception& e) {
        spdlog::error("cannot take a new connection: {}", e.what());
        connections_.erase(fd);
        return;
    }
    set_deadline(w, Clock::now() + limits_.header_timeout);
    // Bytes that came with the connection raised no edge this registration would see.
    check(w, false);
}

void ConnectionReactor::readable(int fd, bool hung_up) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;  // closed earlier in this round
    Waiting& w = it->second;
    if (w.phase == Phase::serving) return;
    if (w.phase == Phase::lingering) {
        char sink[4096];
        ssize_t n;
        while ((n = ::recv(fd, sink, sizeof sink, MSG_DONTWAIT)) > 0) {
        }
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) close(fd);
        return;
    }
    check(w, hung_up);
}

void ConnectionReactor::check(Waiting& w, bool hung_up) {
    int fd = w.connection->fd();
    HttpConnection::Pending pending = w.connection->pending_input(peeked_, max_header_block);
    HeaderScan scan = scan_header_block(pending.bytes);
    switch (scan.state) {
        case HeaderBlock::complete:
            hand_over(w, scan.length);  // even when the client has shut its side: its request is whole
            return;
        case HeaderBlock::too_large:
            refuse(w, "its headers are over " + std::to_string(max_header_block >> 10) + " KiB");
            return;
        case HeaderBlock::incomplete:
            break;
    }
    if (pending.closed || hung_up) {
        close(fd);  // gone, or can never finish its headers
        return;
    }
    if (w.phase == Phase::idle && !pending.bytes.empty()) {
        // A request has begun: from now on it has the header deadline (a new connection's runs
        // since it was accepted).
        w.phase = Phase::reading;
        if (!w.fresh) set_deadline(w, Clock::now() + limits_.header_timeout);
    }
}

void ConnectionReactor::hand_over(Waiting& w, std::size_t header_length) {
    int fd = w.connection->fd();
    clear_deadline(w);
    w.phase = Phase::serving;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    HttpConnection* connection = w.connection.get();
    try {
        workers_.post([this, connection, fd, header_length] {
            bool keep_alive = connection->serve(header_length);
            // wake() under the lock: once the reactor's thread has ended and the destructor
            // holds the lock, no request thread is still touching the reactor.
            std::lock_guard lock(handed_back_mutex_);
            handed_back_.emplace_back(fd, keep_alive);
            wake();
        });
    } catch (const std::exception& e) {
        spdlog::error("no request thread for a connection: {}", e.what());
        close(fd);
    }
}

void ConnectionReactor::returned(int fd, bool keep_alive) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    Waiting& w = it->second;
    if (!keep_alive || stopped_) {
        close(fd);
        return;
    }
    w.phase = Phase::idle;
    w.fresh = false;
    try {
        watch_input(epoll_fd_, fd, EPOLL_CTL_ADD);
    } catch (const std::exception& e) {
        spdlog::error("cannot watch a kept-alive connection: {}", e.what());
        close(fd);
        return;
    }
    set_deadline(w, Clock::now() + limits_.idle_timeout);
    // The next request may have arrived while this one was served.
    check(w, false);
}

void ConnectionReactor::expire(Clock::time_point now) {
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
        int fd = deadlines_.begin()->second;
        Waiting& w = connections_.at(fd);
        clear_deadline(w);
        switch (w.phase) {
            case Phase::idle:
                // A kept-alive connection that idled out ends quietly, as HTTP allows; a new one
                // that never sent a byte was holding a place for nothing, and counts as cut.
                if (w.fresh) watch_.note_expired();
                close(fd);
                break;
            case Phase::reading:
                watch_.note_expired();
                refuse(w, "its headers did not all arrive within " + std::to_string(limits_.header_timeout.count()) +
                              " s (--header-timeout)");
                break;
            case Phase::lingering:
            case Phase::serving:
                close(fd);
                break;
        }
    }
}

void ConnectionReactor::refuse(Waiting& w, const std::string& why) {
    int fd = w.connection->fd();
    send_without_waiting(fd, closing_response(Error{code::bad_request, "the request could not be read: " + why, ""}));
    ::shutdown(fd, SHUT_WR);
    drop_input(fd);
    w.phase = Phase::lingering;
    set_deadline(w, Clock::now() + linger);
}

void ConnectionReactor::close(int fd) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    clear_deadline(it->second);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    connections_.erase(it);  // the connection leaves the watch, then closes its socket
}

void ConnectionReactor::set_deadline(Waiting& w, Clock::time_point deadline) {
    clear_deadline(w);
    w.deadline = deadline;
    deadlines_.emplace(deadline, w.connection->fd());
}

void ConnectionReactor::clear_deadline(Waiting& w) {
    deadlines_.erase({w.deadline, w.connection->fd()});
}

void ConnectionReactor::begin_shutdown() {
    stopped_ = true;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
    listener_.close();
    Clock::duration grace;
    {
        std::lock_guard lock(handed_back_mutex_);
        grace = grace_;
    }
    auto cutoff = Clock::now() + grace;
    std::vector<int> idle;
    for (auto& [fd, w] : connections_) {
        if (w.phase == Phase::idle)
            idle.push_back(fd);
        else if (w.phase == Phase::reading && w.deadline > cutoff)
            set_deadline(w, cutoff);
    }
    for (int fd : idle) close(fd);
}

}  // namespace eye
