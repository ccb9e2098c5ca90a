// getrandom(2), retried until the buffer is full.
#include "os_random.hpp"

#include <cerrno>
#include <stdexcept>

#include <sys/random.h>

namespace eye {

std::string os_random_bytes(std::size_t count) {
    std::string bytes(count, '\0');
    std::size_t filled = 0;
    while (filled < count) {
        ssize_t n = getrandom(bytes.data() + filled, count - filled, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("the OS random number generator failed");
        }
        filled += static_cast<std::size_t>(n);
    }
    return bytes;
}

}  // namespace eye
