// The environment through getenv; nothing here writes it.
#include "environment.hpp"

#include <cstdlib>

namespace eye {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

}  // namespace eye
