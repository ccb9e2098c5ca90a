// eye's whole command line, callable from main() and from tests.
#pragma once

namespace eye::cli {

// Parses argv, runs the command and returns the exit code (exit_codes.hpp); prints its own
// errors on standard error and never throws.
int run(int argc, char** argv);

}  // namespace eye::cli
