// eye admin: operations on the daemon itself, over its Unix socket.
#include <iostream>

#include <Poco/JSON/Object.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "exit_codes.hpp"

namespace eye::cli {

void add_admin_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* admin = app.add_subcommand("admin", "Administer the daemon (over its Unix socket only)");
    admin->require_subcommand(1);
    CLI::App* reload = admin->add_subcommand("reload", "Reload the event-type schema file (as SIGHUP does)");
    reload->callback([&global] {
        Endpoint endpoint = global.endpoint();
        if (endpoint.socket_path.empty())
            throw UsageError("admin commands go over the Unix socket; drop --url/EYE_URL or give --socket");
        Client client(endpoint);
        auto reply = call(client, "POST", "/admin/reload").extract<Poco::JSON::Object::Ptr>();
        std::cout << "reloaded: " << reply->getValue<std::string>("schemas") << "\n";
    });
}

}  // namespace eye::cli
