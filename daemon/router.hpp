// Maps method and path to a route, and renders what the route answers (or throws) as JSON.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "request.hpp"
#include "services.hpp"

namespace eye {

class RouterFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    RouterFactory(Services& services, Listener listener) : services_(services), listener_(listener) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override;

private:
    Services& services_;
    Listener listener_;
};

}  // namespace eye
