// eye import: events exported by `eye admin export` (or any NDJSON / JSON array of events) sent
// to the daemon in batches, each event under the app it names. The target assigns its own ids;
// every event keeps its identity (app + event_id, or app + content), so the daemon's
// exactly-once store makes a second run, or a run cut short and started again, store nothing
// twice.
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

#include <Poco/JSON/Object.h>

#include "app_key.hpp"
#include "batch_post.hpp"
#include "commands.hpp"
#include "daemon_call.hpp"
#include "event_reader.hpp"
#include "exit_codes.hpp"
#include "input_file.hpp"
#include "json_text.hpp"
#include "progress.hpp"

namespace eye::cli {
namespace {

struct ImportOptions {
    std::string file;  // "-": standard input
    std::size_t batch_size = 1000;
};

// The events waiting to be posted under one app.
struct PendingBatch {
    std::string body;
    std::vector<std::size_t> lines;  // each event's input line
};

// Batches per app: an app is a request header (X-Eye-App), so one request carries one app's
// events. Each app gets its own keep-alive connection.
class Importer {
public:
    Importer(Endpoint endpoint, std::size_t batch_size, std::size_t total_bytes)
        : endpoint_(std::move(endpoint)), batch_size_(batch_size), progress_(total_bytes) {}

    void add(const std::string& app, const std::string& event, std::size_t line, std::size_t bytes_read) {
        bytes_read_ = bytes_read;
        if (pending_bytes_ + event.size() + 1 > max_batch_request_bytes) flush_all();
        PendingBatch& batch = pending_[app];
        batch.body += event;
        batch.body += '\n';
        batch.lines.push_back(line);
        pending_bytes_ += event.size() + 1;
        if (batch.lines.size() == batch_size_) flush(app, batch);
    }

    void flush_all() {
        for (auto& [app, batch] : pending_) flush(app, batch);
    }

    // An event the daemon could not take under its app: refused here, by its line, as the
    // daemon refuses the others (sending it would refuse its whole batch).
    void refuse(std::size_t line, const std::string& why) {
        std::cerr << "eye: line " << line << ": rejected: " << why << "\n";
        ++totals_.sent;
        ++totals_.rejected;
    }

    const BatchTotals& totals() const { return totals_; }
    Progress& progress() { return progress_; }

private:
    void flush(const std::string& app, PendingBatch& batch) {
        if (batch.lines.empty()) return;
        post_batch(client_for(app), batch.body, batch.lines, totals_);
        totals_.sent += batch.lines.size();
        pending_bytes_ -= batch.body.size();
        batch.body.clear();
        batch.lines.clear();
        progress_.update(totals_.sent, bytes_read_);
    }

    Client& client_for(const std::string& app) {
        auto& client = clients_[app];
        if (!client) {
            Endpoint e = endpoint_;
            e.app = app;  // empty: the socket's own app, "local"
            client = std::make_unique<Client>(e);
        }
        return *client;
    }

    Endpoint endpoint_;
    std::size_t batch_size_;
    Progress progress_;
    BatchTotals totals_;
    std::map<std::string, PendingBatch> pending_;
    std::map<std::string, std::unique_ptr<Client>> clients_;
    std::size_t pending_bytes_ = 0;
    std::size_t bytes_read_ = 0;
};

// The app an event names ("" when it names none, or is not a JSON object: the daemon refuses
// that one itself, by its line).
std::string app_of(const std::string& event) {
    auto parsed = parse_json(event);
    auto* root = std::get_if<Poco::Dynamic::Var>(&parsed);
    if (!root || root->type() != typeid(Poco::JSON::Object::Ptr)) return "";
    auto object = root->extract<Poco::JSON::Object::Ptr>();
    if (!object->has("app") || !object->get("app").isString()) return "";
    return object->getValue<std::string>("app");
}

void import_events(const ImportOptions& o, const GlobalOptions& global) {
    Endpoint endpoint = global.endpoint();
    if (endpoint.socket_path.empty())
        throw UsageError(
            "eye import works over the Unix socket only: it keeps each event's app, which only the socket may "
            "name (over TCP the key decides the app); drop --url/EYE_URL or give --socket");
    InputFile input(o.file);
    EventReader reader(input.stream());
    Importer importer(endpoint, o.batch_size, input.bytes());
    std::string event;
    while (reader.next(event)) {
        std::string app = app_of(event);
        if (!app.empty() && !valid_app_name(app))
            importer.refuse(reader.line(), "invalid_field: app \"" + app + "\" is not an app name (1-64 of a-z, 0-9, '.', '_', '-')");
        else
            importer.add(app, event, reader.line(), reader.bytes_read());
    }
    importer.flush_all();
    importer.progress().finish();

    const BatchTotals& t = importer.totals();
    double seconds = importer.progress().seconds();
    std::cerr << "eye: imported " << t.sent << " events in " << std::fixed << std::setprecision(1) << seconds << " s ("
              << std::setprecision(0) << t.sent / std::max(seconds, 1e-3) << " events/s): " << t.accepted << " new, "
              << t.duplicates << " already stored, " << t.rejected << " rejected\n";
    if (t.rejected > 0) throw DaemonError(std::to_string(t.rejected) + " events were rejected");
}

}  // namespace

void add_import_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* cmd = app.add_subcommand("import",
                                       "Store the events of an export (eye admin export) again, each under its app; a "
                                       "second run stores nothing twice");
    cmd->add_option("FILE", o->file, "NDJSON (or a JSON array) of events; '-' reads standard input")->required();
    cmd->add_option("--batch-size", o->batch_size, "events per request")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    cmd->callback([o, &global] { import_events(*o, global); });
}

}  // namespace eye::cli
