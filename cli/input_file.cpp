// Opening an input file with a reason people understand when it cannot be read.
#include "input_file.hpp"

#include <cerrno>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "exit_codes.hpp"

namespace eye::cli {
namespace {

// Why `path` cannot be read, in a few words: "no such file", "permission denied".
std::string unreadable_because(const std::string& path, int error) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return "a directory";
    if (error == ENOENT) return "no such file";
    if (error == EACCES) return "permission denied";
    return std::error_code(error, std::generic_category()).message();
}

}  // namespace

InputFile::InputFile(const std::string& path) {
    if (path == "-") {
        standard_input_ = &std::cin;
        return;
    }
    file_.open(path, std::ios::binary);
    int error = errno;
    std::error_code ec;
    if (!file_ || std::filesystem::is_directory(path, ec))
        throw UsageError("cannot read " + path + " (" + unreadable_because(path, error) + ")");
    std::size_t size = std::filesystem::file_size(path, ec);
    bytes_ = ec ? 0 : size;
}

}  // namespace eye::cli
