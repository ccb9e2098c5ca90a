// eye as a program: the global options, the command groups, and how every failure becomes one
// of the documented exit codes.
#include "app.hpp"

#include <iostream>

#include <Poco/Exception.h>
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "exit_codes.hpp"
#include "version.hpp"

namespace eye::cli {

int run(int argc, char** argv) {
    CLI::App app{
        "eye: send, list and inspect The Eye's events.\n"
        "Exit codes: 0 success, 1 the daemon answered with an error, 2 usage error, "
        "3 the daemon could not be reached.",
        "eye"};
    app.set_version_flag("--version", std::string("eye ") + eye::version);
    app.require_subcommand(1);
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
    add_admin_command(app, global);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_usage;
    } catch (const UsageError& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_usage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "eye: " << e.what() << "\n";
        return exit_usage;
    } catch (const Unreachable& e) {
        std::cerr << "eye: " << e.what() << "\n"
                  << "eye: is eyed running? (start it with `make run`, or point eye at it with --socket or --url)\n";
        return exit_unreachable;
    } catch (const DaemonError& e) {
        std::cerr << "eye: " << e.what() << "\n";
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

}  // namespace eye::cli
