// sd_notify's messages, one function each, so that callers cannot misspell them.
#include "systemd_notify.hpp"

#include <systemd/sd-daemon.h>

namespace eye::systemd {
namespace {

// unset_environment 0: the writer, the monitor and the signal loop all notify for the whole life
// of the process, so NOTIFY_SOCKET must stay.
void notify(const std::string& message) { sd_notify(0, message.c_str()); }

}  // namespace

void notify_ready(const std::string& status) { notify("READY=1\nSTATUS=" + status); }

void notify_status(const std::string& status) { notify("STATUS=" + status); }

void notify_stopping() { notify("STOPPING=1\nSTATUS=draining the ingest queue"); }

void notify_watchdog() { notify("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdog_interval() {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0) return std::nullopt;
    return std::chrono::microseconds(usec);
}

}  // namespace eye::systemd
