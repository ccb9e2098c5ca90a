// eye admin: operations on the daemon itself, over its Unix socket.
#include <filesystem>
#include <iostream>
#include <memory>

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "exit_codes.hpp"
#include "json_text.hpp"
#include "output.hpp"

namespace eye::cli {
namespace {

// How long eye waits for a purge or a backup: a million events take about a minute to purge on
// a busy 2-core machine (README, Retention and backup); the daemon lifts its own deadline.
constexpr int admin_work_seconds = 3600;

// Prints a reply as a record: "key  value" lines on a terminal, the object itself otherwise.
void print_reply(const GlobalOptions& global, const Poco::JSON::Object::Ptr& reply,
                 std::initializer_list<const char*> keys) {
    std::vector<Column> columns;
    for (const char* key : keys) columns.push_back({key, key});
    print_record(std::cout, global.style(), columns, reply);
}

}  // namespace

void add_admin_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* admin = app.add_subcommand("admin", "Administer the daemon (over its Unix socket only)");
    CLI::App* reload = admin->add_subcommand("reload", "Reload the event-type schema file (as SIGHUP does)");
    reload->callback([&global] {
        Client client = admin_client(global, "eye admin");
        auto reply = call(client, "POST", "/admin/reload").extract<Poco::JSON::Object::Ptr>();
        std::cout << "reloaded: " << reply->getValue<std::string>("schemas") << "\n";
    });

    auto before = std::make_shared<std::string>();
    CLI::App* purge = admin->add_subcommand(
        "purge", "Delete the events timestamped, and the errors received, before a time (as --retention does)");
    purge
        ->add_option("--before", *before,
                     "what is older goes: a date or time (local unless a zone is given), or 90d, 36h (ago)")
        ->required();
    purge->callback([&global, before] {
        auto t = resolve_time(*before, global.zone(), now_micros());
        if (!t)
            throw UsageError("--before: cannot read '" + *before +
                             "' as a time; give e.g. 2021-05-20, '2021-05-20 09:15', 2021-05-20T09:15:00Z, 90d");
        Client client = admin_client(global, "eye admin purge");
        client.set_reply_timeout(admin_work_seconds);
        Poco::URI target("/admin/purge");
        target.addQueryParameter("before", format_timestamp(*t));
        auto reply = call(client, "POST", target.toString()).extract<Poco::JSON::Object::Ptr>();
        print_reply(global, reply, {"before", "events", "errors", "sessions", "rollups", "seconds"});
    });

    auto file = std::make_shared<std::string>();
    CLI::App* backup = admin->add_subcommand(
        "backup", "Write a consistent copy of the database to a new FILE while ingest goes on (the daemon writes it)");
    backup->add_option("FILE", *file, "the new file; the daemon's user must be able to create it")->required();
    backup->callback([&global, file] {
        std::string path = std::filesystem::absolute(*file).lexically_normal().string();
        Client client = admin_client(global, "eye admin backup");
        client.set_reply_timeout(admin_work_seconds);
        Poco::JSON::Object request;
        request.set("path", path);
        auto reply = call(client, "POST", "/admin/backup", json_text(request)).extract<Poco::JSON::Object::Ptr>();
        print_reply(global, reply, {"path", "bytes", "events", "last_id", "seconds"});
    });

    add_export_command(*admin, global);
}

}  // namespace eye::cli
