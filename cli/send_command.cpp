// eye send: one event from flags or standard input, or a file of events in batches.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "event_reader.hpp"
#include "exit_codes.hpp"
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

constexpr std::size_t max_request_bytes = 4 << 20;  // well under the daemon's default batch limit
constexpr int max_attempts = 30;                    // for a daemon answering 503 (queue full)

struct BatchTotals {
    std::size_t sent = 0, accepted = 0, duplicates = 0, rejected = 0;
};

// Posts one NDJSON batch, waiting and retrying while the daemon says its queue is full, and
// reports refused events by their index in the whole input.
void post_batch(Client& client, const std::string& body, std::size_t first_index, BatchTotals& totals) {
    HttpResult r;
    for (int attempt = 1;; ++attempt) {
        r = client.request("POST", "/events/", body, "application/x-ndjson");
        if (r.status != 503 || attempt == max_attempts) break;
        int wait = std::max(1, std::atoi(r.retry_after.c_str()));
        std::this_thread::sleep_for(std::chrono::seconds(wait));
    }
    if (r.status != 200) throw DaemonError(describe_error(r.status, r.body));
    auto reply = parse_json_or_throw(r.body).extract<Poco::JSON::Object::Ptr>();
    totals.accepted += reply->getValue<std::size_t>("accepted");
    totals.duplicates += reply->getValue<std::size_t>("duplicates");
    auto rejected = reply->getArray("rejected");
    for (std::size_t i = 0; i < rejected->size(); ++i) {
        auto entry = rejected->getObject(static_cast<unsigned>(i));
        auto error = entry->getObject("error");
        std::cerr << "eye: event " << first_index + entry->getValue<std::size_t>("index")
                  << " rejected: " << describe_error(*error) << "\n";
    }
    totals.rejected += rejected->size();
}

// Sends every event of `in` (NDJSON or a JSON array) in batches; `total_bytes` is 0 when unknown.
void send_stream(std::istream& in, std::size_t total_bytes, const SendOptions& o, const GlobalOptions& global) {
    Client client(endpoint_for(o, global));
    EventReader reader(in);
    Progress progress(total_bytes);
    BatchTotals totals;
    std::string body, event;
    std::size_t in_body = 0;
    auto flush = [&] {
        if (in_body == 0) return;
        post_batch(client, body, totals.sent, totals);
        totals.sent += in_body;
        body.clear();
        in_body = 0;
        progress.update(totals.sent, reader.bytes_read());
    };
    while (reader.next(event)) {
        if (in_body > 0 && body.size() + event.size() + 1 > max_request_bytes) flush();
        body += event;
        body += '\n';
        if (++in_body == o.batch_size) flush();
    }
    flush();
    progress.finish();
    double seconds = progress.seconds();
    std::cerr << "eye: sent " << totals.sent << " events in " << std::fixed << std::setprecision(1) << seconds << " s ("
              << std::setprecision(0) << totals.sent / std::max(seconds, 1e-3) << " events/s): " << totals.accepted
              << " accepted, " << totals.duplicates << " duplicates, " << totals.rejected << " rejected\n";
    if (totals.rejected > 0) throw DaemonError(std::to_string(totals.rejected) + " events were rejected");
}

void send_file(const SendOptions& o, const GlobalOptions& global) {
    if (o.file == "-") return send_stream(std::cin, 0, o, global);
    std::ifstream file(o.file, std::ios::binary);
    if (!file) throw UsageError("cannot read " + o.file);
    std::error_code ec;
    std::size_t total_bytes = std::filesystem::file_size(o.file, ec);
    send_stream(file, ec ? 0 : total_bytes, o, global);
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
    cmd->callback([o, &global] { send(*o, global); });
}

}  // namespace eye::cli
