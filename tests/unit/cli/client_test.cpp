// Socket discovery: the first candidate that answers wins, a stale file never hides it.
#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "client.hpp"
#include "temp_dir.hpp"

using namespace eye::cli;
using Poco::Net::SocketAddress;

namespace {

// A socket file whose listener is gone, as a killed daemon leaves it.
void leave_stale_socket(const std::string& path) {
    Poco::Net::ServerSocket gone;
    gone.bind(SocketAddress(SocketAddress::UNIX_LOCAL, path));
    gone.listen();
    gone.close();
}

}  // namespace

TEST_CASE("a stale socket file does not hide a daemon that answers", "[client]") {
    TempDir dir;
    std::string stale = dir.file("stale.sock"), live = dir.file("live.sock"), missing = dir.file("none.sock");
    leave_stale_socket(stale);
    Poco::Net::ServerSocket listener;
    listener.bind(SocketAddress(SocketAddress::UNIX_LOCAL, live));
    listener.listen();

    CHECK_FALSE(socket_answers(stale));
    CHECK(socket_answers(live));
    CHECK_FALSE(socket_answers(missing));
    CHECK(choose_socket({missing, stale, live}) == live);
    // None answers: the first that exists, so that the error names a real file.
    CHECK(choose_socket({missing, stale}) == stale);
    CHECK(choose_socket({missing, dir.file("other.sock")}) == missing);
}

TEST_CASE("an unreachable daemon is told in one line naming transport, place and why", "[client]") {
    TempDir dir;
    std::string stale = dir.file("stale.sock");
    leave_stale_socket(stale);
    Client missing(Endpoint{dir.file("none.sock"), "", "", ""});
    CHECK_THROWS_WITH(missing.request("GET", "/healthz"),
                      "no eyed answering on unix socket " + dir.file("none.sock") + " (no such file)");
    Client refused(Endpoint{stale, "", "", ""});
    CHECK_THROWS_WITH(refused.request("GET", "/healthz"), Catch::Contains("(connection refused"));
    Client tcp(Endpoint{"", "http://127.0.0.1:1", "", ""});
    CHECK_THROWS_WITH(tcp.request("GET", "/healthz"), "nothing listening on 127.0.0.1:1 (connection refused)");
}
