// The event-type schemas in force, swapped whole on reload so requests always see one version.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "validation_rules.hpp"

namespace eye {

class SchemaRegistry {
public:
    // Loads `path`, or the built-in schemas when it is empty; throws SchemaError (naming the
    // file) when the file cannot be used.
    SchemaRegistry(std::string path, ValidationRules base);

    // A snapshot of the rules; cheap (a shared_ptr copy under a mutex).
    ValidationRules rules() const;

    // Reads the file again. A broken file leaves the previous schemas in force; the returned
    // message says what is wrong with it. With no file, the built-in schemas are parsed again.
    std::optional<std::string> reload();

    // "3 event types from /etc/eye/types.json", for logs and replies.
    std::string describe() const;

private:
    std::shared_ptr<const EventSchemas> load() const;

    const std::string path_;
    mutable std::mutex mutex_;
    ValidationRules rules_;
};

}  // namespace eye
