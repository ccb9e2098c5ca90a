// Mistakes on eye's command line answered kindly: the help of the level that lacks a command,
// "did you mean ...?" for a near miss, and every message prefixed "eye:".
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace eye::cli {

// The deepest command the parse selected: `apps` for `eye apps`, the app itself for `eye`.
CLI::App* selected_command(CLI::App& app);

// "eye apps add": the command's words from the top.
std::string command_path(const CLI::App* command);

// The command that `eye help WORDS...` asks about (the app itself for none); nullptr when a
// word names no command there.
CLI::App* help_target(CLI::App& app, const std::vector<std::string>& words);

// Ends the --help of every command under `app` with the global options it also accepts
// (those of `app`, which fall through), derived from `app`'s own option list.
void list_global_options_in_commands(CLI::App& app);

// What to print on standard error for a failed parse of `app`: lines that each start "eye: ",
// naming the command, with "did you mean ...?" when an unknown command or option is close to
// a known one, and where to read more.
std::string describe_usage_error(CLI::App& app, const CLI::ParseError& error);

}  // namespace eye::cli
