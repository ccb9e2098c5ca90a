// Calls to the daemon: any answer past 2xx becomes a DaemonError worded from the daemon's own
// error body when it sent one.
#include "daemon_call.hpp"

#include "exit_codes.hpp"
#include "json_text.hpp"

namespace eye::cli {

std::string describe_error(const Poco::JSON::Object& error) {
    // A member that is absent or null reads as "".
    auto text_of = [&](const char* key) {
        return error.has(key) && !error.isNull(key) ? error.get(key).convert<std::string>() : std::string();
    };
    std::string text = text_of("message") + " (" + text_of("code");
    std::string field = text_of("field");
    if (!field.empty()) text += ", field " + field;
    return text + ")";
}

std::string describe_error(int status, const std::string& body) {
    // Not one of ours (a proxy's page, say): the status is all there is to say.
    auto parsed = parse_json(body);
    if (auto* root = std::get_if<Poco::Dynamic::Var>(&parsed); root && root->type() == typeid(Poco::JSON::Object::Ptr))
        if (auto error = root->extract<Poco::JSON::Object::Ptr>()->getObject("error")) return describe_error(*error);
    return "the daemon answered HTTP " + std::to_string(status);
}

Client admin_client(const GlobalOptions& global, const std::string& command) {
    Endpoint endpoint = global.endpoint();
    if (endpoint.socket_path.empty())
        throw UsageError(command + " works over the Unix socket only; drop --url/EYE_URL or give --socket");
    return Client(endpoint);
}

Poco::Dynamic::Var call(Client& client, const std::string& method, const std::string& target, const std::string& body,
                        const std::string& content_type) {
    HttpResult r = client.request(method, target, body, content_type);
    if (r.status >= 300) throw DaemonError(describe_error(r.status, r.body));
    auto parsed = parse_json(r.body, KeyOrder::kept);  // keep the daemon's key order
    if (auto* error = std::get_if<Error>(&parsed))
        throw DaemonError("the daemon's reply is not JSON: " + error->message);
    return std::get<Poco::Dynamic::Var>(std::move(parsed));
}

}  // namespace eye::cli
