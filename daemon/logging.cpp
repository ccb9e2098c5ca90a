// spdlog set up per reader: one pattern per style, plus two flags of our own (the journal's
// priority prefix and a message as a JSON string).
#include "logging.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "environment.hpp"
#include "json_text.hpp"

namespace eye {
namespace {

// %J: "<N>", which journald strips from the line and keeps as its priority, so that
// `journalctl -p err` finds eyed's errors.
class PriorityFlag : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        std::string prefix = "<" + std::to_string(journal_priority(msg.level)) + ">";
        dest.append(prefix.data(), prefix.data() + prefix.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PriorityFlag>(); }
};

// %Q: the message as a JSON string, quotes and escapes by Poco.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        std::string text = json_text(Poco::Dynamic::Var(std::string(msg.payload.data(), msg.payload.size())));
        dest.append(text.data(), text.data() + text.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonMessageFlag>(); }
};

}  // namespace

int journal_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::critical: return 2;
        case spdlog::level::err: return 3;
        case spdlog::level::warn: return 4;
        case spdlog::level::info: return 6;
        default: return 7;  // debug, trace
    }
}

bool stderr_is_journal() {
    std::string stream = env("JOURNAL_STREAM");
    unsigned long long device = 0, inode = 0;
    if (stream.empty() || std::sscanf(stream.c_str(), "%llu:%llu", &device, &inode) != 2) return false;
    struct stat st {};
    return ::fstat(STDERR_FILENO, &st) == 0 && st.st_dev == device && st.st_ino == inode;
}

std::unique_ptr<spdlog::formatter> log_formatter(LogStyle style, bool in_journal) {
    std::string pattern;
    auto time = spdlog::pattern_time_type::local;
    switch (style) {
        case LogStyle::journal: pattern = "%J%v"; break;
        case LogStyle::text: pattern = "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v"; break;
        case LogStyle::json:
            pattern = std::string(in_journal ? "%J" : "") + R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","message":%Q})";
            time = spdlog::pattern_time_type::utc;
            break;
    }
    auto formatter = std::make_unique<spdlog::pattern_formatter>(pattern, time);
    formatter->add_flag<PriorityFlag>('J').add_flag<JsonMessageFlag>('Q');
    formatter->set_pattern(pattern);  // parsed again now that the flags are known
    return formatter;
}

void start_logging(const std::string& format, const std::string& level) {
    bool journal = stderr_is_journal();
    LogStyle style = format == "json" ? LogStyle::json : journal ? LogStyle::journal : LogStyle::text;
    // automatic: colours only when stderr is a terminal (never in the journal or a file).
    auto colours = env("NO_COLOR").empty() ? spdlog::color_mode::automatic : spdlog::color_mode::never;
    auto logger = spdlog::stderr_color_mt("eyed", colours);
    logger->set_formatter(log_formatter(style, journal));
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

}  // namespace eye
