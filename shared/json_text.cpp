// JSON through Poco: parsing never throws for bad input (it returns our invalid_json error),
// rendering is the Stringifier's.
#include "json_text.hpp"

#include <sstream>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "utf8.hpp"

namespace eye {

std::string json_text(const Poco::Dynamic::Var& value, int indent) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out, static_cast<unsigned>(indent));
    return out.str();
}

std::variant<Poco::Dynamic::Var, Error> parse_json(std::string_view text, KeyOrder order) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(order == KeyOrder::kept));
        return parser.parse(std::string(text));
    } catch (const Poco::Exception& e) {
        // Poco's words for a bare scalar (`null`, `5`) are "Attempt to set value on an empty
        // stack": say what is expected instead.
        auto first = text.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && text[first] != '{' && text[first] != '[')
            return Error{code::invalid_json, "not valid JSON here: expected an object (or an array of them)", ""};
        return Error{code::invalid_json, "not valid JSON: " + valid_utf8(e.displayText()), ""};
    }
}

Poco::Dynamic::Var parse_json_or_throw(std::string_view text, KeyOrder order) {
    auto parsed = parse_json(text, order);
    if (auto* error = std::get_if<Error>(&parsed)) throw Refusal(*error);
    return std::get<Poco::Dynamic::Var>(std::move(parsed));
}

}  // namespace eye
