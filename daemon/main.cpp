// eyed's entry point: options, logging, then the daemon's life.
#include <spdlog/spdlog.h>

#include "config_check.hpp"
#include "daemon.hpp"
#include "logging.hpp"
#include "malloc_arenas.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
    eye::limit_malloc_arenas();
    auto parsed = eye::parse_options(argc, argv);
    if (!parsed.config) return parsed.exit_code;
    if (parsed.check_only) return eye::check_config(*parsed.config, *parsed.check_only);
    eye::start_logging(parsed.config->log_format, parsed.config->log_level);
    try {
        return eye::run_daemon(*parsed.config);
    } catch (const std::exception& e) {
        // Whatever escaped start-up or shutdown: say it and exit as documented, not abort.
        spdlog::critical("{}", e.what());
        return 1;
    }
}
