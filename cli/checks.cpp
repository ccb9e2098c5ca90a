// Number checks through the same parser the daemon uses for ids and page numbers.
#include "checks.hpp"

#include "positive_integer.hpp"

namespace eye::cli {

CLI::Validator positive_integer() {
    return CLI::Validator(
        [](std::string& text) {
            return parse_positive_integer(text) ? std::string() : "must be a positive integer, not '" + text + "'";
        },
        "POSITIVE");
}

CLI::Validator whole_number() {
    return CLI::Validator(
        [](std::string& text) {
            return text == "0" || parse_positive_integer(text) ? std::string()
                                                               : "must be 0 or a positive integer, not '" + text + "'";
        },
        "NUMBER");
}

}  // namespace eye::cli
