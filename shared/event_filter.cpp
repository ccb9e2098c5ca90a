// Matching one event against a filter in memory, as the stores' WHERE clauses do in SQL.
#include "event_filter.hpp"

#include <stdexcept>

namespace eye {

bool event_matches(const Filter& filter, const Event& e) {
    if (filter.fields().data() != event_filter_fields.data())
        throw std::logic_error("a filter of another table was given to event_matches");
    for (const FilterTerm& term : filter.terms()) {
        std::string_view attribute = term.field->attribute;
        if (term.field->match == FilterMatch::equals) {
            const std::string& want = std::get<std::string>(term.value);
            const std::string& have = attribute == "session_id" ? e.session_id
                                      : attribute == "category" ? e.category
                                      : attribute == "name"     ? e.name
                                                                : e.app;
            if (have != want) return false;
        } else {
            Micros bound = std::get<Micros>(term.value);
            if (term.field->match == FilterMatch::at_least ? e.timestamp < bound : e.timestamp > bound) return false;
        }
    }
    return true;
}

}  // namespace eye
