// Opening the daemon's listening sockets, refusing to steal one another daemon still uses.
#pragma once

#include <stdexcept>
#include <string>

#include <Poco/Net/ServerSocket.h>

namespace eye {

class StartupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "127.0.0.1:8000", "[::1]:8000" or "localhost:0"; SO_REUSEPORT stays off so that a port in
// use is an error rather than a silently shared port.
Poco::Net::ServerSocket open_tcp_listener(const std::string& address);

// Creates the parent folder (0700) when missing, replaces a stale socket file left by a
// crashed run, refuses one a live daemon answers on, and sets the file's mode to 0660 and,
// when `group` is not empty, its group.
Poco::Net::ServerSocket open_unix_listener(const std::string& path, const std::string& group);

// Removes the socket file at exit; only ours, which open_unix_listener created.
void remove_unix_listener(const std::string& path);

}  // namespace eye
