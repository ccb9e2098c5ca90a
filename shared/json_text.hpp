// JSON values rendered as text by Poco, compact unless an indent is asked for.
#pragma once

#include <string>

#include <Poco/Dynamic/Var.h>

namespace eye {

std::string json_text(const Poco::Dynamic::Var& value, int indent = 0);

}  // namespace eye
