// eye get: one event by id, as a key/value view on a terminal, the event's JSON object with
// --format json, one NDJSON line otherwise.
#include <iostream>
#include <memory>

#include "checks.hpp"
#include "commands.hpp"
#include "daemon_call.hpp"
#include "output.hpp"

namespace eye::cli {

void add_get_command(CLI::App& app, const GlobalOptions& global) {
    auto id = std::make_shared<std::int64_t>(0);
    CLI::App* cmd = app.add_subcommand("get", "Show one event by its id");
    cmd->add_option("ID", *id, "the event's id")->required()->check(positive_integer());
    cmd->callback([id, &global] {
        Client client(global.endpoint());
        auto event = call(client, "GET", "/events/" + std::to_string(*id) + "/").extract<Poco::JSON::Object::Ptr>();
        print_record(std::cout, global.style(), event_columns(), event);
    });
}

}  // namespace eye::cli
