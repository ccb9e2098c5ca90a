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
    return {{"name", "NAME"},
            {"scopes", "SCOPES"},
            {"created_at", "CREATED"},
            {"revoked_at", "REVOKED"},
            {"origins", "ORIGINS", Cell::list}};
}

Poco::JSON::Array::Ptr array_of(const std::vector<std::string>& texts) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const std::string& t : texts) array->add(t);
    return array;
}

// "/admin/apps/NAME" with the name percent-encoded.
std::string app_path(const std::string& name) {
    Poco::URI target("/admin/apps/");
    target.setPath("/admin/apps/" + name);
    return target.toString();
}

}  // namespace

void add_apps_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* apps = app.add_subcommand("apps", "Manage the applications trusted to send events");

    struct AddOptions {
        std::string name;
        std::string scopes = "ingest,read";
        std::vector<std::string> origins;
    };
    auto opts = std::make_shared<AddOptions>();
    CLI::App* add = apps->add_subcommand("add", "Register an application and print its key (shown only this once)");
    add->add_option("name", opts->name, "the application's name: 1-64 of a-z, 0-9, '.', '_', '-'")->required();
    add->add_option("--scope", opts->scopes,
                    "what its key may do: ingest (send events; safe in a web page), read, or ingest,read")
        ->capture_default_str();
    // One value per --origin, so `--origin URL NAME` leaves NAME to the positional.
    add->add_option("--origin", opts->origins,
                    "a web origin its browser tracker may send from, e.g. https://www.example.com (repeatable)")
        ->allow_extra_args(false);
    add->callback([opts, &global] {
        Client client = admin_client(global, "eye apps");
        Poco::JSON::Object request;
        request.set("name", opts->name);
        request.set("scopes", opts->scopes);
        request.set("origins", array_of(opts->origins));
        auto reply = call(client, "POST", "/admin/apps/", json_text(request)).extract<Poco::JSON::Object::Ptr>();
        // The bare key unless a format is asked for, so that KEY=$(eye apps add web) works.
        if (global.format.empty() || global.format == "table") {
            std::cout << reply->getValue<std::string>("key") << "\n";
            std::cerr << "eye: this is " << opts->name << "'s key (scope " << opts->scopes
                      << "); it is not stored and will not be shown again\n";
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

    struct OriginOptions {
        std::string name;
        std::vector<std::string> add, remove;
    };
    auto changes = std::make_shared<OriginOptions>();
    CLI::App* origins = apps->add_subcommand("origins", "Add or remove the web origins an application may send from");
    origins->add_option("name", changes->name, "the application's name")->required();
    origins->add_option("--add", changes->add, "an origin to allow, e.g. https://www.example.com (repeatable)")
        ->allow_extra_args(false);
    origins->add_option("--remove", changes->remove, "an origin to allow no longer (repeatable)")
        ->allow_extra_args(false);
    origins->callback([changes, &global] {
        Client client = admin_client(global, "eye apps");
        Poco::JSON::Object request;
        request.set("add_origins", array_of(changes->add));
        request.set("remove_origins", array_of(changes->remove));
        auto reply = call(client, "PATCH", app_path(changes->name), json_text(request)).extract<Poco::JSON::Object::Ptr>();
        Printer printer(std::cout, global.style(), app_columns());
        printer.row(reply);
    });

    auto revoked = std::make_shared<std::string>();
    CLI::App* revoke = apps->add_subcommand("revoke", "Revoke an application's key; its events stay");
    revoke->add_option("name", *revoked, "the application's name")->required();
    revoke->callback([revoked, &global] {
        Client client = admin_client(global, "eye apps");
        auto reply = call(client, "DELETE", app_path(*revoked)).extract<Poco::JSON::Object::Ptr>();
        Printer printer(std::cout, global.style(), app_columns());
        printer.row(reply);
    });
}

}  // namespace eye::cli
