// Options every eye command shares: where the daemon is and how to print.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "client.hpp"
#include "output.hpp"

namespace eye::cli {

struct GlobalOptions {
    std::string socket;  // --socket / EYE_SOCKET
    std::string url;     // --url / EYE_URL
    std::string format;  // --format; empty: table on a terminal, NDJSON otherwise
    std::string key;     // --key / EYE_KEY
    bool wide = false;   // --wide: tables show every cell whole
    bool utc = false;    // --utc: tables show, and times without a zone are read, in UTC
    bool local = false;  // --local: the local zone (the default; the flag says so explicitly)

    void add_to(CLI::App& app);
    // Where the daemon is (--url, --socket, EYE_URL, EYE_SOCKET in that order, else the first
    // default socket that answers: choose_socket) and the key to show it (--key, else EYE_KEY).
    Endpoint endpoint() const;
    Format output_format() const;
    // The format, --wide, the zone and the terminal's width, for a Printer.
    Style style() const;
    // Where times without a zone are, on the command line and in tables: UTC with --utc, else
    // the local zone (as journalctl).
    Zone zone() const;

private:
    Endpoint where() const;
};

}  // namespace eye::cli
