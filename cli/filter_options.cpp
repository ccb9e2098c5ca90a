// Options and query parameters derived from the filter fields' rows; a time is resolved here,
// so that a bad one is a usage error naming the flag, not a daemon error naming the parameter.
#include "filter_options.hpp"

#include "exit_codes.hpp"

namespace eye::cli {

std::string_view time_alias(FilterMatch match) {
    switch (match) {
        case FilterMatch::at_least:
            return "since";
        case FilterMatch::at_most:
            return "until";
        case FilterMatch::equals:
            return "";
    }
    return "";
}

void FilterOptions::add_to(CLI::App& command) {
    for (size_t i = 0; i < fields_.size(); ++i) {
        const FilterField& field = fields_[i];
        std::string names = "--" + std::string(field.flag);
        std::string help(field.help);
        if (auto alias = time_alias(field.match); !alias.empty()) {
            names += ",--" + std::string(alias);
            help += "; also 15m, 2h, 7d (ago), now, today, yesterday; local time unless a zone is given";
        }
        command.add_option(names, values_[i], help);
    }
}

void FilterOptions::add_query(Poco::URI& uri, Zone zone, Micros now) const {
    for (size_t i = 0; i < fields_.size(); ++i) {
        if (values_[i].empty()) continue;
        const FilterField& field = fields_[i];
        std::string value = values_[i];
        if (takes_time(field)) {
            auto t = resolve_time(value, zone, now);
            if (!t)
                throw UsageError("--" + std::string(field.flag) + ": cannot read '" + value +
                                 "' as a time; give e.g. 2021-05-20, '2021-05-20 09:15', 2021-05-20T09:15:00Z, 15m, "
                                 "2h, 7d, now, today or yesterday");
            value = format_timestamp(*t);
        }
        uri.addQueryParameter(std::string(field.param), value);
    }
}

}  // namespace eye::cli
