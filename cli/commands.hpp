// Each eye command group registers its subcommand; the callbacks run inside CLI11's parse.
#pragma once

#include <CLI/CLI.hpp>

#include "global_options.hpp"

namespace eye::cli {

void add_send_command(CLI::App& app, const GlobalOptions& global);
void add_list_command(CLI::App& app, const GlobalOptions& global);
void add_get_command(CLI::App& app, const GlobalOptions& global);
void add_errors_command(CLI::App& app, const GlobalOptions& global);
void add_admin_command(CLI::App& app, const GlobalOptions& global);
// Registered under `eye admin` by add_admin_command.
void add_export_command(CLI::App& admin, const GlobalOptions& global);
void add_import_command(CLI::App& app, const GlobalOptions& global);
void add_apps_command(CLI::App& app, const GlobalOptions& global);
void add_sessions_command(CLI::App& app, const GlobalOptions& global);
void add_stats_command(CLI::App& app, const GlobalOptions& global);
void add_tail_command(CLI::App& app, const GlobalOptions& global);
void add_status_command(CLI::App& app, const GlobalOptions& global);

}  // namespace eye::cli
