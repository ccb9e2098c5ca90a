// The part of start-up that reads files, run alone for --check-config.
#include "config_check.hpp"

#include <iostream>

#include "config_file.hpp"
#include "schema_registry.hpp"

namespace eye {

int check_config(const Config& config, const CheckConfig& check) {
    if (check.file.empty())
        std::cout << "# configuration file: none (" << default_config_path() << " does not exist)\n";
    else
        std::cout << "# configuration file: " << check.file << "\n";
    std::cout << check.effective;
    try {
        SchemaRegistry schemas(config.schema, validation_rules(config));
        std::cout << "# event types: " << schemas.describe() << "\n";
    } catch (const SchemaError& e) {
        std::cerr << "eyed: cannot use the schema file: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace eye
