// eye's exit codes; documented in eye(1) and README.md. Never renumber one.
#pragma once

#include <ostream>
#include <stdexcept>

namespace eye::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_daemon_error = 1;  // the daemon answered with an error, or refused events
inline constexpr int exit_usage = 2;         // the command line (or a local input) is wrong
inline constexpr int exit_unreachable = 3;   // the daemon could not be reached
inline constexpr int exit_output = 4;        // the output could not be written (a full disk)

// A usage problem found after parsing (a bad --data, an unreadable file).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Standard output refused what was written (ENOSPC, EIO, a closed pipe with SIGPIPE ignored).
struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Flushes `out` and throws OutputError, with the system's reason, when it has failed.
void check_output(std::ostream& out);

}  // namespace eye::cli
