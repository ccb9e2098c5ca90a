// eyed --check-config: whether the configuration can be used, said without starting anything.
#pragma once

#include "config.hpp"
#include "options.hpp"

namespace eye {

// Loads what start-up would load from files named in the configuration (the schema file),
// prints the file read and the configuration in effect to stdout, and problems to stderr.
// Returns the exit code: 0 when eyed could start with it, 1 when not. Binds nothing, opens no
// database.
int check_config(const Config& config, const CheckConfig& check);

}  // namespace eye
