// eye admin: operations on the daemon itself, over its Unix socket.
#include <iostream>

#include <Poco/JSON/Object.h>

#include "commands.hpp"
#include "daemon_call.hpp"

namespace eye::cli {

void add_admin_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* admin = app.add_subcommand("admin", "Administer the daemon (over its Unix socket only)");
    CLI::App* reload = admin->add_subcommand("reload", "Reload the event-type schema file (as SIGHUP does)");
    reload->callback([&global] {
        Client client = admin_client(global, "eye admin");
        auto reply = call(client, "POST", "/admin/reload").extract<Poco::JSON::Object::Ptr>();
        std::cout << "reloaded: " << reply->getValue<std::string>("schemas") << "\n";
    });
}

}  // namespace eye::cli
