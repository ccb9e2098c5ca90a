// eye as a program: the global options, the command groups, and how every failure becomes one
// of the documented exit codes.
#include "app.hpp"

#include <filesystem>
#include <iostream>

#include <unistd.h>
#include <string_view>
#include <vector>

#include <Poco/Exception.h>
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "usage.hpp"
#include "version.hpp"

namespace eye::cli {
namespace {

// How to start the daemon, as it was installed: the packaged systemd unit when there is one,
// else the eyed command (never `make run`: an installed eye has no source tree).
std::string start_hint() {
    for (const char* unit : {"/lib/systemd/system/eyed.service", "/usr/lib/systemd/system/eyed.service",
                             "/etc/systemd/system/eyed.service"}) {
        std::error_code ec;
        if (std::filesystem::exists(unit, ec)) return "start it with `sudo systemctl start eyed`";
    }
    return "start it with `eyed` (see eyed --help)";
}

// "message (code, field F)" with the code in red on a terminal without NO_COLOR.
std::string with_coloured_code(std::string text) {
    if (!use_colour(STDERR_FILENO)) return text;
    auto open = text.rfind(" (");
    if (open == std::string::npos || text.back() != ')') return text;
    auto end = text.find_first_of(",)", open + 2);
    text.insert(end, "\x1b[0m");
    text.insert(open + 2, "\x1b[31m");
    return text;
}

}  // namespace

namespace {

int run_command(int argc, char** argv) {
    CLI::App app{
        "eye: send, list and inspect The Eye's events.\n"
        "Exit codes: 0 success, 1 the daemon answered with an error, 2 usage error, "
        "3 the daemon could not be reached, 4 the output could not be written.",
        "eye"};
    app.set_version_flag("--version", std::string("eye ") + eye::version);
    app.footer("'eye help COMMAND' or 'eye COMMAND --help' shows a command's options.");
    app.fallthrough();  // global options may also follow the command: `eye list --format csv`
    GlobalOptions global;
    global.add_to(app);
    add_send_command(app, global);
    add_list_command(app, global);
    add_get_command(app, global);
    add_sessions_command(app, global);
    add_stats_command(app, global);
    add_tail_command(app, global);
    add_errors_command(app, global);
    add_apps_command(app, global);
    add_import_command(app, global);
    add_admin_command(app, global);
    add_status_command(app, global);
    list_global_options_in_commands(app);

    if (argc >= 2 && std::string_view(argv[1]) == "help") {
        CLI::App* target = help_target(app, std::vector<std::string>(argv + 2, argv + argc));
        if (!target) {
            std::cerr << "eye: no such command: eye";
            for (int i = 2; i < argc; ++i) std::cerr << ' ' << argv[i];
            std::cerr << "\neye: see 'eye --help'\n";
            return exit_usage;
        }
        std::cout << target->help();
        return exit_ok;
    }

    try {
        app.parse(argc, argv);
        // A command group without its command (`eye`, `eye apps`): that level's help.
        CLI::App* level = selected_command(app);
        if (!level->get_subcommands([](const CLI::App*) { return true; }).empty()) {
            std::cerr << level->help();
            return exit_usage;
        }
    } catch (const OutputError& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_output;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << describe_usage_error(app, e);
        return exit_usage;
    } catch (const UsageError& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_usage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_usage;
    } catch (const Unreachable& e) {
        std::cerr << "eye: " << e.what() << "\n"
                  << "eye: is eyed running? " << start_hint() << ", or point eye at it with --socket or --url\n";
        return exit_unreachable;
    } catch (const DaemonError& e) {
        std::cerr << "eye: " << with_coloured_code(e.what()) << "\n";
        return exit_daemon_error;
    } catch (const Poco::Exception& e) {
        // A reply not shaped as documented: the daemon's side of the conversation went wrong.
        std::cerr << "eye: unexpected reply from the daemon: " << e.displayText() << "\n";
        return exit_daemon_error;
    } catch (const std::exception& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_daemon_error;
    }
    return exit_ok;
}

}  // namespace

int run(int argc, char** argv) {
    int code = run_command(argc, argv);
    if (code != exit_ok) return code;
    // Whatever printed, help and version included: a full disk is not a success.
    try {
        check_output(std::cout);
    } catch (const OutputError& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_output;
    }
    return exit_ok;
}

}  // namespace eye::cli
