// The daemon's life: open the store and listeners, serve until a signal, then shut down cleanly.
#pragma once

#include "config.hpp"

namespace eye {

// Returns the process exit code: 0 after a clean shutdown on SIGINT/SIGTERM, 1 when start-up
// failed (the reason is logged).
int run_daemon(const Config& config);

}  // namespace eye
