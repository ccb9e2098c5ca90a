// Chooses the store from --db's form.
#include "open_store.hpp"

#include "pg_connection.hpp"
#include "pg_store.hpp"
#include "sqlite_store.hpp"

namespace eye {

bool is_postgres_uri(std::string_view db) {
    return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::unique_ptr<Store> open_store(const std::string& db, Durability durability) {
    if (is_postgres_uri(db)) return std::make_unique<PgStore>(db, durability);
    return std::make_unique<SqliteStore>(db, durability);
}

std::string describe_db(const std::string& db) {
    return is_postgres_uri(db) ? pg::describe(db) : db;
}

}  // namespace eye
