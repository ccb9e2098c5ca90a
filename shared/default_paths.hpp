// Where eyed puts its socket and database when not told, and where eye looks for the socket.
#pragma once

#include <string>
#include <vector>

namespace eye {

// $RUNTIME_DIRECTORY/eye.sock under systemd, else $XDG_RUNTIME_DIR/eye.sock, else
// /tmp/eye-$UID/eye.sock: per user, so two users' daemons never collide.
std::string default_socket_path();

// $STATE_DIRECTORY/eye.db under systemd, else $XDG_STATE_HOME/eye/eye.db, else
// ~/.local/state/eye/eye.db.
std::string default_db_path();

// Where eye looks, in order, when neither --socket nor EYE_SOCKET says: this user's default,
// then the system daemon's /run/eye/eye.sock.
std::vector<std::string> socket_candidates();

}  // namespace eye
