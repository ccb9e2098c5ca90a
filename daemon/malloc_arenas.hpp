// How many heaps glibc's malloc keeps, which bounds the memory freed by one request thread
// that others cannot reuse.
#pragma once

namespace eye {

// Caps malloc's arenas at one per CPU (at least two), before any request thread exists.
// glibc's default is eight per CPU: each request thread that parsed a big batch kept its own
// arena's freed pages, and four concurrent 10,000-event batches peaked at 104 MiB against
// 80 MiB with two arenas (the same run, tests/bench/run.sh's memory row). Never throws.
void limit_malloc_arenas();

}  // namespace eye
