// The events file a command reads (eye send --file, eye import): a path, or "-" for standard input.
#pragma once

#include <cstddef>
#include <fstream>
#include <istream>
#include <string>

namespace eye::cli {

class InputFile {
public:
    // Opens `path` ("-": standard input). Throws UsageError "cannot read PATH (why)" when it
    // cannot be read or is a directory.
    explicit InputFile(const std::string& path);

    std::istream& stream() { return file_.is_open() ? static_cast<std::istream&>(file_) : *standard_input_; }
    // The file's size, for a progress display; 0 when unknown (standard input, a pipe).
    std::size_t bytes() const { return bytes_; }

private:
    std::ifstream file_;
    std::istream* standard_input_ = nullptr;
    std::size_t bytes_ = 0;
};

}  // namespace eye::cli
