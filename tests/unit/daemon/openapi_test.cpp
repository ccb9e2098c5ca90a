// docs/openapi.json describes exactly the route table: every row (method, path, its query and
// path parameters) and nothing the daemon does not have; it names every error code; eyed
// serves it as built. When a route is added to daemon/route_table.cpp, this fails until the
// document describes it.
#include <regex>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include "file_text.hpp"
#include "embedded_assets.hpp"
#include "route_table.hpp"
#include "version.hpp"

using namespace eye;
using Poco::JSON::Object;

namespace {

const char* document_path = EYE_SOURCE_DIR "/docs/openapi.json";

Object::Ptr document() {
    static Object::Ptr doc = Poco::JSON::Parser().parse(file_text(document_path)).extract<Object::Ptr>();
    return doc;
}

// The operation's parameters of one kind ("query", "path"), $refs to components resolved.
std::set<std::string> parameters(const Object::Ptr& operation, const std::string& in) {
    std::set<std::string> names;
    auto list = operation->getArray("parameters");
    auto shared = document()->getObject("components")->getObject("parameters");
    for (unsigned i = 0; list && i < list->size(); ++i) {
        Object::Ptr p = list->getObject(i);
        if (p->has("$ref"))
            p = shared->getObject(p->getValue<std::string>("$ref").substr(sizeof("#/components/parameters/") - 1));
        if (p->getValue<std::string>("in") == in) names.insert(p->getValue<std::string>("name"));
    }
    return names;
}

// What the row takes: its filter's parameters, its paging and its own.
std::set<std::string> accepted(const Route& row) {
    std::set<std::string> names;
    for (const FilterField& f : row.query.filter) names.insert(std::string(f.param));
    for (auto p : row.query.paging) names.insert(std::string(p));
    for (auto p : row.query.extras) names.insert(std::string(p));
    return names;
}

std::set<std::string> placeholders(std::string_view pattern) {
    std::set<std::string> names;
    std::string text(pattern);
    std::regex brace(R"(\{(\w+)\})");
    for (std::sregex_iterator it(text.begin(), text.end(), brace), end; it != end; ++it) names.insert((*it)[1]);
    return names;
}

}  // namespace

TEST_CASE("every route of the route table is described in docs/openapi.json, with its parameters", "[openapi]") {
    Object::Ptr paths = document()->getObject("paths");
    REQUIRE(paths);
    for (const Route& row : route_table()) {
        std::string where = std::string(row.method) + " " + std::string(row.pattern);
        INFO(where << ": a route of daemon/route_table.cpp; describe it in docs/openapi.json (path, parameters, "
                      "replies and error codes)");
        Object::Ptr path = paths->getObject(std::string(row.pattern));
        REQUIRE(path);
        Object::Ptr operation = path->getObject(Poco::toLower(std::string(row.method)));
        REQUIRE(operation);
        INFO("its query parameters, as the row's AcceptedParams declare them");
        CHECK(parameters(operation, "query") == accepted(row));
        INFO("its path parameters, the pattern's placeholders");
        CHECK(parameters(operation, "path") == placeholders(row.pattern));
        CHECK(operation->has("responses"));
    }
}

TEST_CASE("docs/openapi.json names no route the daemon does not have", "[openapi]") {
    Object::Ptr paths = document()->getObject("paths");
    for (const std::string& path : paths->getNames()) {
        for (const std::string& method : paths->getObject(path)->getNames()) {
            if (method == "parameters" || method == "summary" || method == "description") continue;
            INFO(Poco::toUpper(method) << " " << path << " is in docs/openapi.json but not in daemon/route_table.cpp");
            bool found = false;
            for (const Route& row : route_table())
                found = found || (row.pattern == path && Poco::toLower(std::string(row.method)) == method);
            CHECK(found);
        }
    }
}

TEST_CASE("docs/openapi.json names every error code and this version, and eyed serves it as built", "[openapi]") {
    std::string header = file_text(EYE_SOURCE_DIR "/shared/error.hpp");
    std::set<std::string> declared;
    std::regex code(R"re(inline constexpr const char\* \w+ = "(\w+)";)re");
    for (std::sregex_iterator it(header.begin(), header.end(), code), end; it != end; ++it) declared.insert((*it)[1]);
    REQUIRE(declared.size() > 10);
    auto listed = document()
                      ->getObject("components")
                      ->getObject("schemas")
                      ->getObject("ErrorDetail")
                      ->getObject("properties")
                      ->getObject("code")
                      ->getArray("enum");
    std::set<std::string> documented;
    for (unsigned i = 0; i < listed->size(); ++i) documented.insert(listed->getElement<std::string>(i));
    CHECK(documented == declared);
    CHECK(document()->getObject("info")->getValue<std::string>("version") == version);
    CHECK(document()->getValue<std::string>("openapi") == "3.1.0");
    const Asset* served = find_asset("/openapi.json");
    REQUIRE(served);
    CHECK(served->body == file_text(document_path));
    CHECK(served->content_type == "application/json");
}
