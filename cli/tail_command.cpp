// eye tail: the last N events oldest first, then with -f the live tail (SSE) as it commits;
// after a lost connection or a `dropped` frame it resumes from the last id it saw.
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "event_filter.hpp"
#include "filter_options.hpp"
#include "output.hpp"
#include "page_limits.hpp"
#include "tail.hpp"

namespace eye::cli {
namespace {

// Two heartbeats (15 s apart) missed: the daemon is gone.
constexpr int idle_seconds = 40;

struct TailOptions {
    FilterOptions filter{event_filter_fields};
    long lines = 10;
    bool follow = false;
};

// A tail as asked, by `eye tail` or `eye list -f`.
struct Tail {
    const FilterOptions& filter;
    long lines;
    bool follow;
};

// Prints events one by one: a table cannot wait for the end of a stream, so on a terminal each
// event is one line of fixed fields; machine formats stream as NDJSON or CSV.
class Lines {
public:
    explicit Lines(Style style) : style_(style) {
        if (style_.format == Format::json) style_.format = Format::ndjson;  // an array never ends
        if (style_.format != Format::table) printer_.emplace(std::cout, style_, event_columns());
    }
    void event(const Poco::JSON::Object::Ptr& e) {
        if (printer_) {
            printer_->row(e);
        } else {
            std::string time = e->getValue<std::string>("timestamp");
            if (time.size() >= 19) time = time.substr(0, 10) + ' ' + time.substr(11, 8);
            std::cout << time << "  " << e->get("id").toString() << "  " << e->getValue<std::string>("session_id")
                      << "  " << e->getValue<std::string>("category") << '/' << e->getValue<std::string>("name") << "  "
                      << e->getValue<std::string>("app") << "  " << compact_payload(e->get("data")) << '\n';
        }
        std::cout.flush();
    }

private:
    Style style_;
    std::optional<Printer> printer_;
};

// `path` with the filter's parameters, times without a zone read in `zone`.
Poco::URI with_filter(const Tail& o, const std::string& path, Zone zone) {
    Poco::URI uri(path);
    o.filter.add_query(uri, zone, now_micros());
    return uri;
}

// The last `n` events (by time), oldest first.
std::vector<Poco::JSON::Object::Ptr> last_events(Client& client, const Tail& o, Zone zone) {
    std::vector<Poco::JSON::Object::Ptr> events;
    if (o.lines <= 0) return events;
    Poco::URI uri = with_filter(o, "/events/", zone);
    uri.addQueryParameter("page_size", std::to_string(std::min<long>(o.lines, max_page_size)));
    auto reply = call(client, "GET", uri.toString()).extract<Poco::JSON::Object::Ptr>();
    auto results = reply->getArray("results");
    if (!results) throw DaemonError("the daemon's reply has no results");
    for (std::size_t i = results->size(); i-- > 0;) events.push_back(results->getObject(static_cast<unsigned>(i)));
    return events;
}

// One SSE frame: its fields as far as eye uses them.
struct Frame {
    std::string id, event, data;
};

// Reads frames until the stream ends; calls `frame` for each. False when it broke off.
template <typename OnFrame>
bool read_frames(std::istream& in, OnFrame frame) {
    Frame f;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            if (!frame(f)) return true;
            f = Frame{};
            continue;
        }
        if (line.front() == ':') continue;  // a heartbeat
        auto colon = line.find(':');
        std::string field = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (field == "id") f.id = value;
        if (field == "event") f.event = value;
        if (field == "data") f.data += value;
    }
    return false;
}

void tail(const Tail& o, const GlobalOptions& global) {
    Lines out(global.style());
    Client client(global.endpoint());
    if (!o.follow) {
        for (const auto& e : last_events(client, o, global.zone())) out.event(e);
        return;
    }
    // Ctrl-C ends a follow at once, as an interrupted command does.
    std::signal(SIGINT, [](int) { _exit(130); });
    Client streamer(global.endpoint());
    std::string last_id;  // where the stream resumes; empty: from the daemon's newest
    std::set<std::int64_t> shown;
    bool first = true;
    for (;;) {
        try {
            Poco::URI uri = with_filter(o, "/events/stream", global.zone());
            std::vector<std::pair<std::string, std::string>> headers{{"Accept", "text/event-stream"}};
            if (!last_id.empty()) headers.emplace_back("Last-Event-ID", last_id);
            auto [result, in] = streamer.open_stream(uri.toString(), headers, idle_seconds);
            if (!in && result.status == 503) throw Unreachable(describe_error(result.status, result.body));
            if (!in) throw DaemonError(describe_error(result.status, result.body));
            if (first) {
                // The stream is open (the daemon buffers for it), so the last N and what follows
                // them leave no gap; ids shown here are skipped when the stream repeats them.
                for (const auto& e : last_events(client, o, global.zone())) {
                    out.event(e);
                    shown.insert(e->getValue<std::int64_t>("id"));
                }
                first = false;
            }
            read_frames(*in, [&](const Frame& f) {
                if (f.event == "dropped") {
                    std::cerr << "eye: fell behind the daemon (" << f.data << "); resuming\n";
                    if (!f.id.empty()) last_id = f.id;
                    return false;
                }
                if (!f.id.empty()) last_id = f.id;
                if (f.data.empty()) return true;
                auto event = Poco::JSON::Parser().parse(f.data).extract<Poco::JSON::Object::Ptr>();
                if (!shown.contains(event->getValue<std::int64_t>("id"))) out.event(event);
                return true;
            });
        } catch (const Unreachable& e) {
            std::cerr << "eye: " << e.what() << "; retrying\n";
        } catch (const Poco::Exception& e) {
            std::cerr << "eye: the stream broke off (" << e.displayText() << "); resuming\n";
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

}  // namespace

void follow_events(const FilterOptions& filter, long lines, const GlobalOptions& global) {
    tail(Tail{filter, lines, true}, global);
}

void add_tail_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<TailOptions>();
    CLI::App* cmd = app.add_subcommand("tail", "Show the last events, oldest first; with -f, follow new ones");
    o->filter.add_to(*cmd);
    cmd->add_option("-n,--lines", o->lines, "show this many of the latest events first")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_flag(
        "-f,--follow", o->follow,
        "keep printing events as they are committed, resuming after a daemon restart; Ctrl-C ends (exit 130)");
    cmd->callback([o, &global] { tail(Tail{o->filter, o->lines, o->follow}, global); });
}

}  // namespace eye::cli
