// Options and query parameters derived from the filter fields' rows.
#include "filter_options.hpp"

namespace eye::cli {

void FilterOptions::add_to(CLI::App& command) {
    for (size_t i = 0; i < fields_.size(); ++i)
        command.add_option("--" + std::string(fields_[i].flag), values_[i], std::string(fields_[i].help));
}

void FilterOptions::add_query(Poco::URI& uri) const {
    for (size_t i = 0; i < fields_.size(); ++i)
        if (!values_[i].empty()) uri.addQueryParameter(std::string(fields_[i].param), values_[i]);
}

}  // namespace eye::cli
