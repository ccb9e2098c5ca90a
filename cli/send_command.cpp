// eye send: one event from flags or standard input, or a file of events in batches.
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

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

constexpr std::size_t max_request_bytes = 4 << 20;  // well under the daemon's default batch limit
constexpr int max_attempts = 30;                    // for a daemon answering 503 (queue full)

struct BatchTotals {
    std::size_t sent = 0, accepted = 0, duplicates = 0, rejected = 0;
    Poco::JSON::Array::Ptr refusals;  // {"line", "error"} per refused event, when kept for a JSON summary
    bool print_ids = false;           // -q: each stored (or original) id on standard output
};

// Posts one NDJSON batch, waiting and retrying while the daemon says its queue is full, and
// reports refused events by their input line (`lines`: each event's, in batch order).
void post_batch(Client& client, const std::string& body, const std::vector<std::size_t>& lines, BatchTotals& totals) {
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
        std::size_t index = entry->getValue<std::size_t>("index");
        std::size_t line = index < lines.size() ? lines[index] : 0;
        std::cerr << "eye: line " << line << ": rejected: " << describe_error(*error) << "\n";
        if (totals.refusals) {
            Poco::JSON::Object::Ptr refusal = new Poco::JSON::Object(true);
            refusal->set("line", static_cast<Poco::UInt64>(line));
            refusal->set("error", error);
            totals.refusals->add(refusal);
        }
    }
    totals.rejected += rejected->size();
    if (totals.print_ids) {
        auto ids = reply->getArray("ids");
        for (std::size_t i = 0; ids && i < ids->size(); ++i)
            if (!ids->isNull(static_cast<unsigned>(i)))
                std::cout << ids->getElement<std::int64_t>(static_cast<unsigned>(i)) << '\n';
        if (!std::cout.good()) check_output(std::cout);
    }
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
        if (!lines.empty() && body.size() + event.size() + 1 > max_request_bytes) flush();
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

// Why `path` cannot be read, in a few words: "no such file", "permission denied".
std::string unreadable_because(const std::string& path, int error) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return "a directory";
    if (error == ENOENT) return "no such file";
    if (error == EACCES) return "permission denied";
    return std::error_code(error, std::generic_category()).message();
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
    if (o.file == "-") return send_stream(std::cin, 0, o, global);
    std::ifstream file(o.file, std::ios::binary);
    int error = errno;
    std::error_code ec;
    if (!file || std::filesystem::is_directory(o.file, ec))
        throw UsageError("cannot read " + o.file + " (" + unreadable_because(o.file, error) + ")");
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
