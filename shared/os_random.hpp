// Random bytes from the operating system's CSPRNG (getrandom(2)).
#pragma once

#include <cstddef>
#include <string>

namespace eye {

std::string os_random_bytes(std::size_t count);

}  // namespace eye
