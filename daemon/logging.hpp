// eyed's log lines on stderr, shaped for whoever reads them: the journal (priority prefixes, its
// own timestamps), a log shipper (one JSON object a line), or a person at a terminal.
#pragma once

#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace eye {

enum class LogStyle {
    journal,  // "<3>message": sd-daemon priority prefixes, no timestamp (journald adds one)
    text,     // "2026-11-29T18:00:00.123 error message", local time
    json,     // {"time":"...Z","level":"error","message":"..."}, UTC; with a prefix in the journal
};

// The sd-daemon priority (syslog's: 3 err ... 7 debug) a level is logged at.
int journal_priority(spdlog::level::level_enum level);

// Whether stderr is connected to the journal: JOURNAL_STREAM names its device and inode (a
// child whose stderr was redirected elsewhere inherits the variable, so it must match).
bool stderr_is_journal();

// The formatter for a style; `in_journal` adds the priority prefix to JSON lines too.
std::unique_ptr<spdlog::formatter> log_formatter(LogStyle style, bool in_journal);

// Makes eyed's default logger: stderr, at `level` (spdlog's names), in `format` ("text" or
// "json"; text becomes the journal style under systemd). Colours only on a terminal and
// unless NO_COLOR is set.
void start_logging(const std::string& format, const std::string& level);

}  // namespace eye
