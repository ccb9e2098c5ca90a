// Request bodies: the announced length is checked before a byte is read (or `100 Continue`
// sent), memory is accounted as bytes arrive, and a body that does not end as announced is
// refused whole.
#include "request.hpp"

#include <istream>
#include <regex>

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/HTTPStream.h>

#include "chunked_body.hpp"
#include "error.hpp"

namespace eye {
namespace {

Refusal too_large(std::size_t limit) {
    return Refusal(Error{code::too_large, "request body exceeds the limit of " + std::to_string(limit) + " bytes", ""});
}

Refusal bad(const std::string& why) {
    return Refusal(Error{code::bad_request, why, ""});
}

// A Host header fit to be put in a link: a name or an IPv4 address with an optional port, or a
// bracketed IPv6 address with one. Anything else (none, `a b`, a URL) is not echoed back.
bool plausible_host(const std::string& host) {
    static const std::regex pattern(R"(([A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(:[0-9]{1,5})?)");
    return !host.empty() && std::regex_match(host, pattern);
}

void take(BodyBudget::Lease& lease, std::size_t bytes) {
    if (!lease.grow(bytes))
        throw Refusal(Error{code::queue_full, "too many request bodies are being processed; retry", ""});
}

}  // namespace

std::string Request::body(std::size_t limit, BodyBudget::Lease& lease) const {
    bool chunked = http.getChunkedTransferEncoding();
    if (!chunked && !http.hasContentLength()) {
        body_read = true;
        return "";
    }
    if (!chunked && http.getContentLength64() < 0) throw bad("Content-Length is negative");
    if (!chunked && http.getContentLength64() > static_cast<Poco::Int64>(limit)) throw too_large(limit);
    if (http.getExpectContinue()) response.sendContinue();

    std::string body;
    if (chunked) {
        // Poco's own chunked stream would take a broken body for a short one; read the raw
        // connection instead (the router closes it afterwards: we may have read past the body).
        read_ahead = true;
        auto& impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(http);
        Poco::Net::HTTPInputStream raw(impl.session());
        body = read_chunked_body(raw, limit, [&](std::size_t n) { take(lease, n); });
        body_read = true;
        return body;
    }
    auto length = static_cast<std::size_t>(http.getContentLength64());
    body.reserve(length);
    std::istream& in = http.stream();
    char buffer[16384];
    // peek() waits for what one recv() brings, readsome() takes just that: memory is claimed
    // for bytes that arrived, never for bytes only announced.
    while (body.size() < length && in.peek() != std::char_traits<char>::eof()) {
        auto got = static_cast<std::size_t>(
            in.readsome(buffer, static_cast<std::streamsize>(std::min(sizeof buffer, length - body.size()))));
        take(lease, got);
        body.append(buffer, got);
    }
    // The stream swallows a timeout or reset as badbit; a short body is such a cut-off upload.
    if (in.bad() || body.size() != length) throw bad("the request body ended before its Content-Length");
    body_read = true;
    return body;
}

std::string Request::base_url() const {
    std::string host = http.get(Poco::Net::HTTPRequest::HOST, "");
    if (!plausible_host(host)) host = listener == Listener::unix_socket ? "localhost" : http.serverAddress().toString();
    return "http://" + host;
}

}  // namespace eye
