// Which store --db names: a postgresql:// (or postgres://) URI is PostgreSQL, anything else a
// SQLite file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "durability.hpp"
#include "store.hpp"

namespace eye {

bool is_postgres_uri(std::string_view db);

// Opens the store --db names; throws (sqlite::Error, pg::Error) when it cannot be opened.
std::unique_ptr<Store> open_store(const std::string& db, Durability durability);

// --db as logs may show it: a PostgreSQL URI without its password or options.
std::string describe_db(const std::string& db);

}  // namespace eye
