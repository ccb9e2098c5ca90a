// How many rows one page of a list may hold: the API's contract, shared by eyed and eye.
#pragma once

#include <cstddef>
#include <cstdint>

namespace eye {

inline constexpr std::int64_t default_page_size = 10;  // the original API's
inline constexpr std::int64_t max_page_size = 1000;    // larger asks are served this many

// A page of events or errors ends early once its rows hold this many bytes: 1,000 events of
// 1 MiB each would otherwise be rendered as one 1 GB reply (and each reader holds its page
// several times over while rendering it). `next` continues where the page stopped.
inline constexpr std::size_t max_page_bytes = 8 << 20;

}  // namespace eye
