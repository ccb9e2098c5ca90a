// RAII handles over the SQLite C API: a connection and a prepared statement.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace eye::sqlite {

class Error : public std::runtime_error {
public:
    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }  // the SQLite result code (SQLITE_FULL, ...)

private:
    int code_;
};

class Db {
public:
    // Opens (creating if asked) the database file; throws Error when it cannot.
    Db(const std::string& path, bool create);
    sqlite3* get() const { return db_.get(); }
    void exec(const char* sql);
    std::int64_t changes() const { return sqlite3_changes64(db_.get()); }
    [[noreturn]] void fail(int rc, std::string_view doing) const;

private:
    struct Close {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, Close> db_;
};

class Statement {
public:
    Statement(const Db& db, std::string_view sql);

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);

    // Advances; true while a row is available.
    bool step();
    void reset();

    std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
    std::string text(int column) const;
    bool is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

private:
    struct Finalize {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    const Db* db_;
    std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

}  // namespace eye::sqlite
