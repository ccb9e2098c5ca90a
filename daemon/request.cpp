// Request body reading with a limit, and the request's own base URL.
#include "request.hpp"

#include <istream>

#include "error.hpp"

namespace eye {

std::string Request::body(std::size_t limit) const {
    body_read = true;
    auto too_large = [&] {
        return Refusal(
            Error{code::too_large, "request body exceeds the limit of " + std::to_string(limit) + " bytes", ""});
    };
    auto bad = [](const std::string& why) { return Refusal(Error{code::bad_request, why, ""}); };
    if (http.hasContentLength() && http.getContentLength64() < 0) throw bad("Content-Length is negative");
    if (http.hasContentLength() && http.getContentLength64() > static_cast<Poco::Int64>(limit)) throw too_large();
    std::string body;
    if (http.hasContentLength()) body.reserve(static_cast<std::size_t>(http.getContentLength64()));
    std::istream& in = http.stream();
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) throw too_large();
    }
    // The stream swallows a timeout or reset as badbit; a short body is such a cut-off upload.
    if (in.bad() || (http.hasContentLength() && static_cast<Poco::Int64>(body.size()) != http.getContentLength64()))
        throw bad("the request body ended before its Content-Length");
    return body;
}

std::string Request::base_url() const {
    std::string host = http.getHost();
    if (host.empty()) host = listener == Listener::unix_socket ? "localhost" : http.serverAddress().toString();
    return "http://" + host;
}

}  // namespace eye
