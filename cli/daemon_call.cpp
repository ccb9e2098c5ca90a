// Calls to the daemon and its error replies.
#include "daemon_call.hpp"

#include <Poco/JSON/Parser.h>

#include "exit_codes.hpp"

namespace eye::cli {

std::string describe_error(const Poco::JSON::Object& error) {
    std::string text = error.optValue<std::string>("message", "") + " (" + error.optValue<std::string>("code", "");
    std::string field = error.optValue<std::string>("field", "");
    if (!field.empty()) text += ", field " + field;
    return text + ")";
}

std::string describe_error(int status, const std::string& body) {
    try {
        Poco::JSON::Parser parser;
        auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        if (auto error = root->getObject("error")) return describe_error(*error);
    } catch (const Poco::Exception&) {
        // Not one of ours (a proxy's page, say): the status is all there is to say.
    }
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
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the daemon's key order
        return parser.parse(r.body);
    } catch (const Poco::Exception& e) {
        throw DaemonError("the daemon's reply is not JSON: " + e.displayText());
    }
}

}  // namespace eye::cli
