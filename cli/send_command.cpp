// eye send: one event from flags or standard input, or a file of events in batches.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <unistd.h>

#include "batch_post.hpp"
#include "commands.hpp"
#include "daemon_call.hpp"
#include "event_reader.hpp"
#include "exit_codes.hpp"
#include "input_file.hpp"
#include "json_text.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace eye::cli {
namespace {

struct SendOptions {
    std::string session, category, name, data, timestamp, event_id;
    std::string file;  // a file of events, or "-" for standard input
    std::string app;   // over the socket: attribute the events to this app
    std::size_t batch_size = 1000;
    bool quiet = false;  // print only the stored ids
};

Endpoint endpoint_for(const SendOptions& o, const GlobalOptions& global) {
    Endpoint e = global.endpoint();
    if (!o.app.empty()) {
        if (e.socket_path.empty())
            throw UsageError("--app names the sender over the Unix socket; over TCP the key decides it");
        e.app = o.app;
    }
    return e;
}

// Sends every event of `in` (NDJSON or a JSON array) in batches; `total_bytes` is 0 when unknown.
void send_stream(std::istream& in, std::size_t total_bytes, const SendOptions& o, const GlobalOptions& global) {
    Client client(endpoint_for(o, global));
    EventReader reader(in);
    Progress progress(total_bytes);
    BatchTotals totals;
    const bool json_summary = global.format == "json" || global.format == "ndjson";
    if (json_summary) totals.refusals = new Poco::JSON::Array;
    totals.print_ids = o.quiet;
    std::string body, event;
    std::vector<std::size_t> lines;  // the input line of each event in `body`
    auto flush = [&] {
        if (lines.empty()) return;
        post_batch(client, body, lines, totals);
        totals.sent += lines.size();
        body.clear();
        lines.clear();
        progress.update(totals.sent, reader.bytes_read());
    };
    while (reader.next(event)) {
        if (!lines.empty() && body.size() + event.size() + 1 > max_batch_request_bytes) flush();
        body += event;
        body += '\n';
        lines.push_back(reader.line());
        if (lines.size() == o.batch_size) flush();
    }
    flush();
    progress.finish();
    if (json_summary && !o.quiet) {
        Poco::JSON::Object summary(true);
        summary.set("sent", static_cast<Poco::UInt64>(totals.sent));
        summary.set("accepted", static_cast<Poco::UInt64>(totals.accepted));
        summary.set("duplicates", static_cast<Poco::UInt64>(totals.duplicates));
        summary.set("rejected", totals.refusals);
        summary.stringify(std::cout, global.format == "json" ? 2 : 0);
        std::cout << "\n";
    }
    double seconds = progress.seconds();
    std::cerr << "eye: sent " << totals.sent << " events in " << std::fixed << std::setprecision(1) << seconds << " s ("
              << std::setprecision(0) << totals.sent / std::max(seconds, 1e-3) << " events/s): " << totals.accepted
              << " accepted, " << totals.duplicates << " duplicates, " << totals.rejected << " rejected\n";
    if (totals.rejected > 0) throw DaemonError(std::to_string(totals.rejected) + " events were rejected");
}

// The flags that make one event; a file's events carry their own.
void refuse_event_flags_with_file(const SendOptions& o) {
    const std::pair<const char*, const std::string*> flags[] = {
        {"--session", &o.session}, {"--category", &o.category},   {"--name", &o.name},
        {"--data", &o.data},       {"--timestamp", &o.timestamp}, {"--event-id", &o.event_id}};
    for (const auto& [flag, value] : flags)
        if (!value->empty())
            throw UsageError(std::string(flag) + " does not apply to --file: the file's events carry their own");
}

void send_file(const SendOptions& o, const GlobalOptions& global) {
    refuse_event_flags_with_file(o);
    InputFile input(o.file);
    send_stream(input.stream(), input.bytes(), o, global);
}

// More than one event: an array, or more than one non-blank line.
bool holds_several_events(const std::string& text) {
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return false;
    if (text[first] == '[') return true;
    size_t line_end = text.find('\n', first);
    return line_end != std::string::npos && text.find_first_not_of(" \t\r\n", line_end) != std::string::npos;
}

std::string event_from_flags(const SendOptions& o) {
    Poco::JSON::Object event(true);
    event.set("session_id", o.session);
    event.set("category", o.category);
    event.set("name", o.name);
    if (!o.data.empty()) {
        auto data = parse_json(o.data, KeyOrder::kept);
        if (auto* error = std::get_if<Error>(&data)) throw UsageError("--data is not valid JSON: " + error->message);
        event.set("data", std::get<Poco::Dynamic::Var>(data));
    }
    if (!o.timestamp.empty()) event.set("timestamp", o.timestamp);
    if (!o.event_id.empty()) event.set("event_id", o.event_id);
    return json_text(event);
}

void send(const SendOptions& o, const GlobalOptions& global) {
    if (!o.file.empty()) return send_file(o, global);
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
        if (holds_several_events(body)) {
            std::istringstream events(body);
            return send_stream(events, body.size(), o, global);
        }
    }

    Client client(endpoint_for(o, global));
    auto reply = call(client, "POST", "/events/", body).extract<Poco::JSON::Object::Ptr>();
    if (reply->optValue("duplicate", false))
        std::cerr << "eye: already stored as event " << reply->getValue<std::int64_t>("id") << "\n";
    if (o.quiet) {
        std::cout << reply->getValue<std::int64_t>("id") << '\n';
        return;
    }
    Printer printer(std::cout, global.style(), event_columns());
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
    cmd->add_option("--file,file", o->file,
                    "send the events of this file (NDJSON or a JSON array) in batches; '-' reads standard input");
    cmd->add_option("--app", o->app, "over the Unix socket: attribute the events to this app (default: local)");
    cmd->add_option("--batch-size", o->batch_size, "events per request with --file")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    cmd->add_flag("-q,--quiet", o->quiet, "print only the stored ids (the original id of a repeat), one per line");
    cmd->callback([o, &global] { send(*o, global); });
}

}  // namespace eye::cli
