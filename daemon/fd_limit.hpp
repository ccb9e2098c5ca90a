// The open-file limit, which bounds the connections eyed can hold (one descriptor each).
#pragma once

#include <cstddef>

namespace eye {

// Raises the soft RLIMIT_NOFILE to the hard one (a process may, unprivileged; systemd's and
// most shells' soft default is 1024) and returns the soft limit now in force.
std::size_t raise_fd_limit();

}  // namespace eye
