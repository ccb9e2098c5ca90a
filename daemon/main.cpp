// eyed's entry point: options, logging, then the daemon's life.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon.hpp"
#include "environment.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
    auto parsed = eye::parse_options(argc, argv);
    if (!parsed.config) return parsed.exit_code;
    // Logs go to stderr: journald adds its own timestamps under systemd, so ours stay short.
    // Coloured levels on a terminal, unless NO_COLOR (https://no-color.org) says otherwise.
    auto logger = spdlog::stderr_color_mt(
        "eyed", eye::env("NO_COLOR").empty() ? spdlog::color_mode::automatic : spdlog::color_mode::never);
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    spdlog::set_level(spdlog::level::from_str(parsed.config->log_level));
    try {
        return eye::run_daemon(*parsed.config);
    } catch (const std::exception& e) {
        // Whatever escaped start-up or shutdown: say it and exit as documented, not abort.
        spdlog::critical("{}", e.what());
        return 1;
    }
}
