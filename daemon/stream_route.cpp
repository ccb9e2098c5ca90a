// The live tail: catch up from the database, then relay what the writer hands the follower.
// The follower registers before it reads the database, so an event committed meanwhile is in
// one or both, and ids (commit order) drop the repeats.
#include "stream_route.hpp"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include "event_json.hpp"
#include "positive_integer.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

constexpr auto heartbeat_every = std::chrono::seconds(15);
// How soon a follower that hung up gives its place back when nothing is being sent to it.
constexpr auto hang_up_check_every = std::chrono::seconds(1);
constexpr int catch_up_batch = 1000;

std::int64_t read_id(const std::string& text, const char* field) {
    if (text == "0") return 0;
    auto id = parse_positive_integer(text);
    if (!id) throw Refusal(Error{code::invalid_query, std::string(field) + " must be an event id", field});
    return *id;
}

class Frames {
public:
    Frames(std::ostream& out, bool ndjson) : out_(out), ndjson_(ndjson) {}

    void event(const Event& e) {
        if (ndjson_) {
            write_event_json(out_, e);
            out_ << '\n';
        } else {
            out_ << "id: " << e.id << "\ndata: ";
            write_event_json(out_, e);
            out_ << "\n\n";
        }
    }
    void heartbeat() { out_ << (ndjson_ ? "\n" : ": heartbeat\n\n"); }
    void dropped(std::int64_t count, std::int64_t last_id) {
        std::string data = "{\"dropped\":" + std::to_string(count) + ",\"last_id\":" + std::to_string(last_id) + "}";
        if (ndjson_)
            out_ << data << '\n';
        else
            out_ << "event: dropped\nid: " << last_id << "\ndata: " << data << "\n\n";
    }
    // False once the client is gone.
    bool flush() {
        out_.flush();
        return static_cast<bool>(out_);
    }

private:
    std::ostream& out_;
    bool ndjson_;
};

}  // namespace

Reply stream_events(const Request& request, Services& services) {
    Filter filter = read_filter(request.query, event_filter_fields);
    std::optional<std::int64_t> after;
    if (request.http.has("Last-Event-ID"))
        after = read_id(request.http.get("Last-Event-ID"), "Last-Event-ID");
    else if (auto text = query_text(request.query, "after_id"))
        after = read_id(*text, "after_id");
    bool ndjson = Poco::toLower(request.http.get("Accept", "")).find("application/x-ndjson") != std::string::npos;
    if (!services.followers) throw Refusal(Error{code::unavailable, "this daemon serves no live tail", ""});
    std::shared_ptr<Followers::Subscription> follower = services.followers->join(filter);
    if (!follower)
        throw Refusal(Error{code::unavailable,
                            "too many followers (--max-followers " +
                                std::to_string(services.followers->max_followers()) + "); retry later",
                            ""});

    Reply reply;
    reply.content_type = ndjson ? "application/x-ndjson" : "text/event-stream";
    reply.headers.emplace_back("Cache-Control", "no-cache");
    reply.headers.emplace_back("X-Accel-Buffering", "no");
    Store& store = services.store;
    // A client that hung up shows as a socket readable with nothing to read; otherwise only a
    // failed write would tell, and a quiet stream would hold its place until a heartbeat.
    Poco::Net::StreamSocket socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request.http).socket();
    auto hung_up = [socket]() mutable {
        try {
            return socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ) && socket.available() == 0;
        } catch (const Poco::Exception&) {
            return true;
        }
    };
    reply.stream = [follower, filter, after, ndjson, &store, hung_up](std::ostream& out) mutable {
        Frames frames(out, ndjson);
        std::int64_t last = after ? *after : store.last_id();
        // An SSE frame with an id and no data tells the client where the stream starts, so that
        // it can resume from there even when nothing arrived before a reconnect.
        if (!ndjson) out << "retry: 1000\nid: " << last << "\n\n";
        if (after) {
            for (;;) {
                auto events = store.events_after(filter, last, catch_up_batch);
                for (const Event& e : events) frames.event(e);
                if (!events.empty()) last = events.back().id;
                if (!frames.flush()) return;
                if (events.size() < static_cast<std::size_t>(catch_up_batch)) break;
            }
        }
        if (!frames.flush()) return;
        std::vector<Event> got;
        auto quiet_since = std::chrono::steady_clock::now();
        for (;;) {
            auto wake = follower->wait(got, hang_up_check_every);
            if (wake == Followers::Subscription::Wake::timeout) {
                if (hung_up()) return;
                if (std::chrono::steady_clock::now() - quiet_since < heartbeat_every) continue;
            }
            quiet_since = std::chrono::steady_clock::now();
            switch (wake) {
                case Followers::Subscription::Wake::events:
                    for (const Event& e : got) {
                        if (e.id <= last) continue;
                        frames.event(e);
                        last = e.id;
                    }
                    break;
                case Followers::Subscription::Wake::timeout:
                    frames.heartbeat();
                    break;
                case Followers::Subscription::Wake::dropped:
                    frames.dropped(follower->dropped(), last);
                    frames.flush();
                    return;
                case Followers::Subscription::Wake::stopped:
                    return;
            }
            if (!frames.flush()) return;
        }
    };
    return reply;
}

}  // namespace eye
