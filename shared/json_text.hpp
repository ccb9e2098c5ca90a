// JSON text to values and back, by Poco: parsing with our error, rendering compact or indented.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <Poco/Dynamic/Var.h>

#include "error.hpp"

namespace eye {

std::string json_text(const Poco::Dynamic::Var& value, int indent = 0);

// One JSON document, or an invalid_json Error carrying Poco's reason. Object keys come out
// sorted (Poco's default), which is what makes compact output canonical.
std::variant<Poco::Dynamic::Var, Error> parse_json(std::string_view text);

}  // namespace eye
