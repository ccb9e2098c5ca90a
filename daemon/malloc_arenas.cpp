// malloc's arena cap (glibc mallopt); a no-op elsewhere.
#include "malloc_arenas.hpp"

#include <algorithm>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace eye {

void limit_malloc_arenas() {
#if defined(__GLIBC__)
    unsigned cpus = std::max(2u, std::thread::hardware_concurrency());
    mallopt(M_ARENA_MAX, static_cast<int>(cpus));
#endif
}

}  // namespace eye
