// CLI11 validators for the numbers people type, worded for people (CLI11's own ranges print
// 300-digit bounds).
#pragma once

#include <CLI/CLI.hpp>

namespace eye::cli {

// Accepts a positive integer that fits in 63 bits; otherwise says "must be a positive integer,
// not 'abc'" (CLI11 puts the option's name in front).
CLI::Validator positive_integer();

// Accepts 0 or a positive integer that fits in 63 bits; otherwise says so, as above.
CLI::Validator whole_number();

}  // namespace eye::cli
