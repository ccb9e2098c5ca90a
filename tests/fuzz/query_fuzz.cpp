// Fuzz target: a request target's query, decoded by Poco::URI as the router does, read into the
// events' and errors' filters and paging; it yields values or a Refusal (invalid_query,
// not_found), nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "error_filter.hpp"
#include "event_filter.hpp"
#include "paging.hpp"
#include "query_params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    eye::Query query;
    try {
        Poco::URI uri("/events/?" + std::string(reinterpret_cast<const char*>(data), size));
        for (auto& [key, value] : uri.getQueryParameters()) query.add(key, value);
    } catch (const Poco::SyntaxException&) {
        return 0;  // the router answers invalid_query for these
    }
    for (eye::FilterFields fields :
         {eye::FilterFields(eye::event_filter_fields), eye::FilterFields(eye::error_filter_fields)}) {
        try {
            eye::read_filter(query, fields);
        } catch (const eye::Refusal&) {
        }
    }
    try {
        eye::PageRequest page = eye::read_paging(query);
        if (page.size < 1 || page.size > 1000 || page.slice().offset < 0) __builtin_trap();
    } catch (const eye::Refusal&) {
    }
    return 0;
}
