// Listening sockets: a TCP port in use and a Unix socket a live daemon answers on are start-up
// errors, never shared; a stale socket file from a crash is replaced.
#include "listeners.hpp"

#include <filesystem>

#include <cerrno>
#include <cstring>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

namespace eye {
namespace fs = std::filesystem;
using Poco::Net::ServerSocket;
using Poco::Net::SocketAddress;

namespace {

constexpr int backlog = 256;

bool someone_answers(const std::string& path) {
    try {
        Poco::Net::StreamSocket probe;
        probe.connect(SocketAddress(SocketAddress::UNIX_LOCAL, path));
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

}  // namespace

ServerSocket open_tcp_listener(const std::string& address) {
    try {
        ServerSocket socket;
        socket.bind(SocketAddress(address), true, false);
        socket.listen(backlog);
        return socket;
    } catch (const Poco::Exception& e) {
        throw StartupError("cannot listen on " + address + ": " + e.displayText());
    }
}

ServerSocket open_unix_listener(const std::string& path, const std::string& group) {
    gid_t gid = static_cast<gid_t>(-1);
    if (!group.empty()) {
        struct group* g = ::getgrnam(group.c_str());
        if (!g) throw StartupError("no group named " + group + " (--socket-group)");
        gid = g->gr_gid;
    }
    fs::path folder = fs::path(path).parent_path();
    std::error_code ec;
    if (!folder.empty() && !fs::exists(folder, ec)) {
        fs::create_directories(folder, ec);
        if (ec) throw StartupError("cannot create socket folder " + folder.string() + ": " + ec.message());
        fs::permissions(folder, fs::perms::owner_all, ec);
    }
    // Someone else's folder (another user pre-creating /tmp/eye-$UID, say) could swap the socket
    // for one of theirs: refuse it, as tmux does.
    struct stat st {};
    if (!folder.empty() && ::stat(folder.c_str(), &st) == 0) {
        bool foreign = st.st_uid != ::getuid() && st.st_uid != 0;
        bool open_to_all = (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX);
        if (foreign || open_to_all)
            throw StartupError("refusing socket folder " + folder.string() +
                               ": it belongs to another user or anyone may write to it");
    }
    fs::file_status status = fs::symlink_status(path, ec);
    if (fs::exists(status)) {
        if (status.type() != fs::file_type::socket)
            throw StartupError(path + " exists and is not a socket; refusing to replace it");
        if (someone_answers(path))
            throw StartupError("another daemon is answering on " + path + "; stop it or choose another --socket");
        fs::remove(path, ec);  // stale, from a run that did not exit cleanly
    }
    try {
        ServerSocket socket;
        // The socket is the local admin channel: the owner and its group, nobody else, from
        // the moment it exists (a chmod afterwards would leave a window).
        mode_t previous = ::umask(0117);
        try {
            socket.bind(SocketAddress(SocketAddress::UNIX_LOCAL, path));
        } catch (...) {
            ::umask(previous);
            throw;
        }
        ::umask(previous);
        socket.listen(backlog);
        if (::chmod(path.c_str(), 0660) != 0)
            throw StartupError("cannot set the mode of " + path + ": " + std::strerror(errno));
        if (gid != static_cast<gid_t>(-1) && ::chown(path.c_str(), static_cast<uid_t>(-1), gid) != 0)
            throw StartupError("cannot give " + path + " to group " + group + ": " + std::strerror(errno));
        return socket;
    } catch (const Poco::Exception& e) {
        throw StartupError("cannot listen on " + path + ": " + e.displayText());
    }
}

void remove_unix_listener(const std::string& path) {
    std::error_code ec;
    fs::remove(path, ec);
}

}  // namespace eye
