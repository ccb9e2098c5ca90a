// The whole text of a file, for tests that hold code to its documents (README, openapi.json);
// empty when the file cannot be read, which those tests check first.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

inline std::string file_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
