// JSON rendering through Poco's Stringifier.
#include "json_text.hpp"

#include <sstream>

#include <Poco/JSON/Stringifier.h>

namespace eye {

std::string json_text(const Poco::Dynamic::Var& value, int indent) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out, static_cast<unsigned>(indent));
    return out.str();
}

}  // namespace eye
