// eyed's command line: the Config it yields, or the exit code when it asks to stop at once
// (--help, --version, a usage error).
#pragma once

#include <optional>
#include <string>

#include "config.hpp"

namespace eye {

// With --check-config: what to print instead of starting.
struct CheckConfig {
    std::string file;       // the configuration file read; empty when none was
    std::string effective;  // every key's value in effect, as eyed.conf lines
};

// Parses argv, then the configuration file (--config, else the default one when it exists)
// for the options argv left unset, into a Config. Prints help/version or a usage error itself;
// then returns the exit code to leave with (0 after --help/--version, 2 for a usage error or
// a file that cannot be used; 1 for the latter with --check-config) instead of a Config.
struct ParsedOptions {
    std::optional<Config> config;
    int exit_code = 0;
    std::optional<CheckConfig> check_only;
};
ParsedOptions parse_options(int argc, char** argv);

}  // namespace eye
