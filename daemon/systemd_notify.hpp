// Telling systemd (Type=notify) where the daemon is in its life, through libsystemd's
// sd_notify. Outside systemd (no NOTIFY_SOCKET) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace eye::systemd {

// READY=1: the database is open and every listener bound; `status` is the STATUS= line shown
// by `systemctl status`.
void notify_ready(const std::string& status);

// STATUS=: a line for `systemctl status`.
void notify_status(const std::string& status);

// STOPPING=1: draining has begun.
void notify_stopping();

// WATCHDOG=1: the daemon is alive (see watchdog_interval).
void notify_watchdog();

// WatchdogSec= as systemd passed it to this process (WATCHDOG_USEC, for our pid), or nothing
// when the watchdog is off. systemd kills the service when no ping comes within it.
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace eye::systemd
