// Default locations, following systemd's and the XDG base directory conventions.
#include "default_paths.hpp"

#include "environment.hpp"

#include <unistd.h>

namespace eye {
std::string default_socket_path() {
    if (auto dir = env("RUNTIME_DIRECTORY"); !dir.empty()) return dir.substr(0, dir.find(':')) + "/eye.sock";
    if (auto dir = env("XDG_RUNTIME_DIR"); !dir.empty()) return dir + "/eye.sock";
    return "/tmp/eye-" + std::to_string(getuid()) + "/eye.sock";
}

std::string default_db_path() {
    if (auto dir = env("STATE_DIRECTORY"); !dir.empty()) return dir.substr(0, dir.find(':')) + "/eye.db";
    if (auto dir = env("XDG_STATE_HOME"); !dir.empty()) return dir + "/eye/eye.db";
    if (auto home = env("HOME"); !home.empty()) return home + "/.local/state/eye/eye.db";
    return "eye.db";
}

std::vector<std::string> socket_candidates() {
    std::vector<std::string> paths{default_socket_path()};
    if (paths.front() != "/run/eye/eye.sock") paths.push_back("/run/eye/eye.sock");
    return paths;
}

}  // namespace eye
