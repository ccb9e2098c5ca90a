// eye apps: register, list and revoke the applications trusted to send events (Unix socket only).
#include <iostream>
#include <memory>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "json_text.hpp"
#include "output.hpp"

namespace eye::cli {
namespace {

std::vector<Column> app_columns() {
    return {{"name", "NAME"}, {"created_at", "CREATED"}, {"revoked_at", "REVOKED"}};
}

}  // namespace

void add_apps_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* apps = app.add_subcommand("apps", "Manage the applications trusted to send events");

    auto name = std::make_shared<std::string>();
    CLI::App* add = apps->add_subcommand("add", "Register an application and print its key (shown only this once)");
    add->add_option("name", *name, "the application's name: 1-64 of a-z, 0-9, '.', '_', '-'")->required();
    add->callback([name, &global] {
        Client client = admin_client(global, "eye apps");
        Poco::JSON::Object request;
        request.set("name", *name);
        auto reply = call(client, "POST", "/admin/apps/", json_text(request)).extract<Poco::JSON::Object::Ptr>();
        // The bare key unless a format is asked for, so that KEY=$(eye apps add web) works.
        if (global.format.empty() || global.format == "table") {
            std::cout << reply->getValue<std::string>("key") << "\n";
            std::cerr << "eye: this is " << *name << "'s key; it is not stored and will not be shown again\n";
        } else if (global.format == "json") {
            reply->stringify(std::cout, 2);
            std::cout << "\n";
        } else {
            Printer printer(std::cout, global.style(), {{"name", "NAME"}, {"key", "KEY"}});
            printer.row(reply);
        }
    });

    CLI::App* list = apps->add_subcommand("list", "List the applications (never their keys)");
    list->callback([&global] {
        Client client = admin_client(global, "eye apps");
        auto reply = call(client, "GET", "/admin/apps/").extract<Poco::JSON::Object::Ptr>();
        Printer printer(std::cout, global.style(), app_columns());
        auto results = reply->getArray("results");
        for (size_t i = 0; i < results->size(); ++i) printer.row(results->getObject(static_cast<unsigned>(i)));
    });

    auto revoked = std::make_shared<std::string>();
    CLI::App* revoke = apps->add_subcommand("revoke", "Revoke an application's key; its events stay");
    revoke->add_option("name", *revoked, "the application's name")->required();
    revoke->callback([revoked, &global] {
        Client client = admin_client(global, "eye apps");
        Poco::URI target("/admin/apps/");
        target.setPath("/admin/apps/" + *revoked);
        auto reply = call(client, "DELETE", target.toString()).extract<Poco::JSON::Object::Ptr>();
        Printer printer(std::cout, global.style(), app_columns());
        printer.row(reply);
    });
}

}  // namespace eye::cli
