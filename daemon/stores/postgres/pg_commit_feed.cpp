// PgCommitFeed: LISTEN on its own connection, poll() its socket and a stop pipe, and read what
// committed after the last id handed on. Ids grow in commit order across instances (see
// pg_schema.cpp), so "after the last id" never skips an event committed later by another one.
#include "pg_commit_feed.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <system_error>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "event_filter.hpp"
#include "pg_connection.hpp"

namespace eye {
namespace {

constexpr int catch_up_batch = 1000;
constexpr auto look_every = std::chrono::seconds(1);
constexpr auto longest_backoff = std::chrono::seconds(5);

}  // namespace

PgCommitFeed::PgCommitFeed(std::string conninfo, Store& store, Publish publish)
    : conninfo_(std::move(conninfo)), store_(store), publish_(std::move(publish)) {
    if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    last_ = store_.last_id();
    thread_ = std::thread([this] { run(); });
}

PgCommitFeed::~PgCommitFeed() {
    stop();
    close(wake_[0]);
    close(wake_[1]);
}

void PgCommitFeed::stop() {
    if (stopping_.exchange(true)) {
        if (thread_.joinable()) thread_.join();
        return;
    }
    char byte = 1;
    (void)!write(wake_[1], &byte, 1);
    if (thread_.joinable()) thread_.join();
}

bool PgCommitFeed::catch_up() {
    try {
        for (;;) {
            std::vector<Event> events = store_.events_after(event_filter(), last_, catch_up_batch);
            if (events.empty()) return true;
            last_ = events.back().id;
            bool more = events.size() == static_cast<std::size_t>(catch_up_batch);
            publish_(std::move(events));
            if (!more) return true;
        }
    } catch (const std::exception& e) {
        spdlog::debug("live tail: cannot read new events yet: {}", e.what());
        return false;
    }
}

void PgCommitFeed::run() {
    std::unique_ptr<pg::Connection> listener;
    auto backoff = std::chrono::milliseconds(0);
    while (!stopping_) {
        if (!listener) {
            try {
                listener = std::make_unique<pg::Connection>(conninfo_);
                listener->run("LISTEN eye_events");
                if (backoff.count() > 0) spdlog::info("live tail: listening for commits again");
                backoff = {};
            } catch (const pg::Error& e) {
                listener.reset();
                backoff = std::min<std::chrono::milliseconds>(std::max(backoff * 2, std::chrono::milliseconds(100)),
                                                              longest_backoff);
                spdlog::warn("live tail: {}; next attempt in {} ms", e.what(), backoff.count());
            }
        }
        // Whatever committed while nobody listened (or before the first LISTEN) comes from the
        // table: the NOTIFY only says when to look.
        catch_up();
        pollfd fds[2] = {{wake_[0], POLLIN, 0}, {listener ? listener->socket() : -1, POLLIN, 0}};
        auto wait = listener ? std::chrono::milliseconds(look_every) : backoff;
        poll(fds, 2, static_cast<int>(wait.count()));
        if (listener && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) {
            try {
                listener->notifications();  // only drained: the table says what is new
            } catch (const pg::Error& e) {
                spdlog::warn("live tail: {}", e.what());
                listener.reset();
            }
        }
    }
    catch_up();  // what committed before stop(), ingest's last group included
}

}  // namespace eye
