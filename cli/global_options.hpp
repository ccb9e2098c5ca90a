// Options every eye command shares: where the daemon is and how to print.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "client.hpp"

namespace eye::cli {

enum class Format { table, json, ndjson, csv };

struct GlobalOptions {
    std::string socket;  // --socket / EYE_SOCKET
    std::string url;     // --url / EYE_URL
    std::string format;  // --format; empty: table on a terminal, NDJSON otherwise
    std::string key;     // --key / EYE_KEY

    void add_to(CLI::App& app);
    // Where the daemon is (--url, --socket, EYE_URL, EYE_SOCKET in that order, else the first
    // default socket that exists) and the key to show it (--key, else EYE_KEY).
    Endpoint endpoint() const;
    Format output_format() const;

private:
    Endpoint where() const;
};

}  // namespace eye::cli
