// Loading and reloading the schema file: a file that does not load leaves the schemas in force
// untouched.
#include "schema_registry.hpp"

#include <fstream>
#include <sstream>

namespace eye {

SchemaRegistry::SchemaRegistry(std::string path, ValidationRules base)
    : path_(std::move(path)), rules_(std::move(base)) {
    rules_.schemas = load();
}

std::shared_ptr<const EventSchemas> SchemaRegistry::load() const {
    if (path_.empty()) return std::make_shared<const EventSchemas>(EventSchemas::builtin());
    std::ifstream in(path_);
    if (!in) throw SchemaError(path_ + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return std::make_shared<const EventSchemas>(EventSchemas::parse(text.str()));
    } catch (const SchemaError& e) {
        throw SchemaError(path_ + ": " + e.what());
    }
}

ValidationRules SchemaRegistry::rules() const {
    std::lock_guard lock(mutex_);
    return rules_;
}

std::optional<std::string> SchemaRegistry::reload() {
    try {
        auto fresh = load();
        std::lock_guard lock(mutex_);
        rules_.schemas = std::move(fresh);
        return std::nullopt;
    } catch (const SchemaError& e) {
        return e.what();
    }
}

std::string SchemaRegistry::describe() const {
    std::lock_guard lock(mutex_);
    std::string count = std::to_string(rules_.schemas->size()) + " event types";
    return path_.empty() ? count + " (built in)" : count + " from " + path_;
}

}  // namespace eye
