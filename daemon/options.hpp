// eyed's command line: the Config it yields, or the exit code when it asks to stop at once
// (--help, --version, a usage error).
#pragma once

#include <optional>

#include "config.hpp"

namespace eye {

// Parses argv into a Config. Prints help/version or a usage error itself; then returns the exit
// code to leave with (0 after --help/--version, 2 for a usage error) instead of a Config.
struct ParsedOptions {
    std::optional<Config> config;
    int exit_code = 0;
};
ParsedOptions parse_options(int argc, char** argv);

}  // namespace eye
