// eye send: one event from flags, or one JSON event from standard input.
#include <iostream>
#include <iterator>
#include <memory>

#include <Poco/JSON/Parser.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

namespace eye::cli {
namespace {

struct SendOptions {
    std::string session, category, name, data, timestamp, event_id;
};

std::string event_from_flags(const SendOptions& o) {
    Poco::JSON::Object event(true);
    event.set("session_id", o.session);
    event.set("category", o.category);
    event.set("name", o.name);
    if (!o.data.empty()) {
        try {
            Poco::JSON::Parser parser;
            event.set("data", parser.parse(o.data));
        } catch (const Poco::Exception& e) {
            throw UsageError("--data is not valid JSON: " + e.displayText());
        }
    }
    if (!o.timestamp.empty()) event.set("timestamp", o.timestamp);
    if (!o.event_id.empty()) event.set("event_id", o.event_id);
    std::ostringstream out;
    event.stringify(out);
    return out.str();
}

void send(const SendOptions& o, const GlobalOptions& global) {
    bool from_flags = !o.session.empty() || !o.category.empty() || !o.name.empty();
    std::string body;
    if (from_flags) {
        if (o.session.empty() || o.category.empty() || o.name.empty())
            throw UsageError("eye send needs --session, --category and --name (or a JSON event on standard input)");
        body = event_from_flags(o);
    } else {
        if (isatty(STDIN_FILENO))
            throw UsageError("eye send needs --session, --category and --name, or a JSON event on standard input");
        body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }

    Client client(global.endpoint());
    auto reply = call(client, "POST", "/events/", body).extract<Poco::JSON::Object::Ptr>();
    if (reply->optValue("duplicate", false))
        std::cerr << "eye: already stored as event " << reply->getValue<std::int64_t>("id") << "\n";
    Printer printer(std::cout, global.output_format(), event_columns());
    printer.row(reply);
}

}  // namespace

void add_send_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<SendOptions>();
    CLI::App* cmd = app.add_subcommand("send", "Send one event; prints it as stored, with its id");
    cmd->add_option("--session", o->session, "session id the event belongs to");
    cmd->add_option("--category", o->category, "event category, e.g. 'page interaction'");
    cmd->add_option("--name", o->name, "event name, e.g. 'cta click'");
    cmd->add_option("--data", o->data, "payload as a JSON object (default {})");
    cmd->add_option("--timestamp", o->timestamp, "when it happened, e.g. 2021-01-01T09:15:27.243860Z (default: now)");
    cmd->add_option("--event-id", o->event_id, "your idempotency key: a resend with it is stored once");
    cmd->callback([o, &global] { send(*o, global); });
}

}  // namespace eye::cli
