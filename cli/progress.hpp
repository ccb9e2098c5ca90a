// A one-line progress display on standard error, drawn only when it is a terminal.
#pragma once

#include <chrono>
#include <cstddef>

namespace eye::cli {

class Progress {
public:
    // `total_bytes` is 0 when the input's size is unknown (standard input, a pipe); `verb` says
    // what happened to the events counted ("sent", "exported").
    explicit Progress(std::size_t total_bytes, const char* verb = "sent");
    void update(std::size_t events, std::size_t bytes);
    void finish();
    double seconds() const;

private:
    bool enabled_;
    std::size_t total_bytes_;
    const char* verb_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace eye::cli
