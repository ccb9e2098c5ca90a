// Filter terms, checked against the table they belong to.
#include "filter.hpp"

#include <stdexcept>

namespace eye {

Filter& Filter::set(std::string_view param, FilterValue value) {
    for (const FilterField& field : fields_) {
        if (field.param != param) continue;
        if (takes_time(field) != std::holds_alternative<Micros>(value))
            throw std::logic_error("filter field " + std::string(param) + " given a value of the wrong kind");
        std::erase_if(terms_, [&](const FilterTerm& t) { return t.field == &field; });
        terms_.push_back({&field, std::move(value)});
        return *this;
    }
    throw std::logic_error("no filter field " + std::string(param));
}

}  // namespace eye
