// JSON text to values and back, by Poco: parsing with our error, rendering compact or indented.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <Poco/Dynamic/Var.h>

#include "error.hpp"

namespace eye {

std::string json_text(const Poco::Dynamic::Var& value, int indent = 0);

enum class KeyOrder {
    sorted,  // Poco's default; what makes compact output canonical (fingerprints)
    kept,    // as in the text: for showing someone else's JSON back unchanged
};

// One JSON document, or an invalid_json Error carrying Poco's reason.
std::variant<Poco::Dynamic::Var, Error> parse_json(std::string_view text, KeyOrder order = KeyOrder::sorted);

// The same for callers that treat bad JSON as exceptional: throws Refusal (invalid_json).
Poco::Dynamic::Var parse_json_or_throw(std::string_view text, KeyOrder order = KeyOrder::sorted);

}  // namespace eye
