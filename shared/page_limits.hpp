// How many rows one page of a list may hold: the API's contract, shared by eyed and eye.
#pragma once

#include <cstdint>

namespace eye {

inline constexpr std::int64_t default_page_size = 10;  // the original API's
inline constexpr std::int64_t max_page_size = 1000;    // larger asks are served this many

}  // namespace eye
