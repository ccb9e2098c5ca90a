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

// A page's `count` is exact up to this many matching rows; past it the page says `count` 10000
// and `count_exact` false. Counting every match of a broad filter walks its whole index range
// (a category over 10,000,000 events: ~2 s here) for a figure no client pages through; a capped
// count costs at most this many index steps (~1 ms). GET /stats/ counts any range exactly.
inline constexpr std::int64_t max_exact_count = 10'000;

}  // namespace eye
