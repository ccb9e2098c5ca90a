// Following the events as they are committed, shared by `eye tail -f` and `eye list -f`.
#pragma once

#include "filter_options.hpp"
#include "global_options.hpp"

namespace eye::cli {

// Prints the last `lines` events matching `filter`, oldest first, then every new one as it
// commits, resuming after a lost connection, until interrupted (Ctrl-C exits 130). Throws what
// the first connection throws (Unreachable, DaemonError).
void follow_events(const FilterOptions& filter, long lines, const GlobalOptions& global);

}  // namespace eye::cli
