// One request to eyed, with its error replies turned into exceptions eye's main maps to exit codes.
#pragma once

#include <stdexcept>
#include <string>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "client.hpp"
#include "global_options.hpp"

namespace eye::cli {

// The daemon answered with an error; what() is its message with the code.
struct DaemonError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Sends the request; returns the parsed JSON reply of a 2xx answer, throws DaemonError otherwise.
Poco::Dynamic::Var call(Client& client, const std::string& method, const std::string& target,
                        const std::string& body = "", const std::string& content_type = "application/json");

// A client for the admin API, which exists only on the Unix socket; a usage error naming
// `command` when the global options point at TCP.
Client admin_client(const GlobalOptions& global, const std::string& command);

// "message (code, field F)" from an error reply body, or the raw status when it is not one of ours.
std::string describe_error(int status, const std::string& body);
// The same for one {"code", "message", "field"} object.
std::string describe_error(const Poco::JSON::Object& error);

}  // namespace eye::cli
