// Filter terms as SQL conditions with bound values.
#include "sqlite_conditions.hpp"

#include <stdexcept>
#include <variant>

namespace eye::sqlite {

Conditions::Conditions(const Filter& filter, FilterFields expected, Terms which) {
    if (filter.fields().data() != expected.data())
        throw std::logic_error("a filter of another table was given to this list");
    for (const FilterTerm& term : filter.terms()) {
        if (which == Terms::equals && takes_time(*term.field)) continue;
        if (which == Terms::bounds && !takes_time(*term.field)) continue;
        if (which == Terms::all_but_at_least && term.field->match == FilterMatch::at_least) continue;
        if (which == Terms::all_but_at_most && term.field->match == FilterMatch::at_most) continue;
        clauses_.push_back(std::string(term.field->attribute) + (term.field->match == FilterMatch::equals     ? " = ?"
                                                                 : term.field->match == FilterMatch::at_least ? " >= ?"
                                                                                                              : " <= ?"));
        values_.push_back(term.value);
    }
}

int Conditions::bind(Statement& s, int first) const {
    int i = first;
    for (const auto& v : values_) std::visit([&](const auto& x) { s.bind(i++, x); }, v);
    return i;
}

std::string Conditions::join(const char* lead) const {
    std::string sql;
    for (const auto& c : clauses_) sql += (sql.empty() ? lead : " AND ") + c;
    return sql;
}

}  // namespace eye::sqlite
