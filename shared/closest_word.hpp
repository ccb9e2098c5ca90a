// "Did you mean ...?": the known word a mistyped one most likely meant, for the daemon's query
// parameters and eye's commands and flags alike.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace eye {

// The candidate nearest to `word` by edit distance (insertions, deletions, substitutions and
// swaps of neighbours), when it is near enough to be a slip: at most a third of the word's
// length, and at least 1. Ties go to the earlier candidate; nothing when none is close.
std::optional<std::string> closest_word(std::string_view word, std::span<const std::string> candidates);

}  // namespace eye
