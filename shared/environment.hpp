// Reading the process environment.
#pragma once

#include <string>

namespace eye {

// The variable's value; empty when it is unset (an empty value counts as unset too).
std::string env(const char* name);

}  // namespace eye
