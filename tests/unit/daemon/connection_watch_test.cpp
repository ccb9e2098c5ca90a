// The connection watch: a connection past its deadline is woken with end of input.
#include <chrono>

#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connection_watch.hpp"

using eye::ConnectionWatch;
using namespace std::chrono_literals;

namespace {

struct SocketPair {
    int fd[2];
    SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
    ~SocketPair() {
        ::close(fd[0]);
        ::close(fd[1]);
    }
    // Whether our end reads end of input within `ms` (the peer never writes).
    bool reads_eof_within(int ms) {
        pollfd p{fd[0], POLLIN, 0};
        if (::poll(&p, 1, ms) != 1) return false;
        char c;
        return ::recv(fd[0], &c, 1, MSG_DONTWAIT) == 0;
    }
};

}  // namespace

TEST_CASE("a deadline that passes shuts the reading side down", "[connection_watch]") {
    ConnectionWatch watch;
    SocketPair pair;
    ConnectionWatch::Entry entry(watch, pair.fd[0]);
    CHECK(watch.open() == 1);
    entry.deadline_in(100ms);
    CHECK(pair.reads_eof_within(5000));
    CHECK(watch.expired() == 1);
}

TEST_CASE("no deadline, no cut; end_all_within cuts even those", "[connection_watch]") {
    ConnectionWatch watch;
    SocketPair pair;
    ConnectionWatch::Entry entry(watch, pair.fd[0]);
    entry.no_deadline();
    CHECK_FALSE(pair.reads_eof_within(300));
    watch.end_all_within(50ms);
    CHECK(pair.reads_eof_within(5000));
}

TEST_CASE("an entry that ends unregisters", "[connection_watch]") {
    ConnectionWatch watch;
    SocketPair pair;
    {
        ConnectionWatch::Entry entry(watch, pair.fd[0]);
        entry.deadline_in(1h);
    }
    CHECK(watch.open() == 0);
}
