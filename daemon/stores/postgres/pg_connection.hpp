// RAII handles over libpq: a connection, a query's parameters and its result.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

namespace eye::pg {

class Error : public std::runtime_error {
public:
    Error(std::string sqlstate, bool connection_lost, const std::string& what)
        : std::runtime_error(what), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
    // The server's SQLSTATE ("23505", ...), empty when the error came from libpq itself.
    const std::string& sqlstate() const { return sqlstate_; }
    // The connection is gone (or the server is going away): the work may be retried on a new
    // connection, and this one must not be used again.
    bool connection_lost() const { return connection_lost_; }

private:
    std::string sqlstate_;
    bool connection_lost_;
};

// A query's parameters, sent apart from its text (never spliced into SQL): texts as text,
// bytes as binary (bytea), integers as their decimal text.
class Params {
public:
    Params& text(std::string_view value);
    Params& bytes(std::string_view value);
    Params& int64(std::int64_t value);
    Params& null();
    Params& optional_text(const std::optional<std::string>& value);
    std::size_t size() const { return values_.size(); }

private:
    friend class Connection;
    std::vector<std::optional<std::string>> values_;
    std::vector<int> formats_;
};

class Result {
public:
    explicit Result(PGresult* result) : result_(result) {}
    int rows() const { return PQntuples(result_.get()); }
    bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
    // The number of the column named `name`, -1 when there is none.
    int column(const char* name) const { return PQfnumber(result_.get(), name); }
    std::string text(int row, int column) const { return PQgetvalue(result_.get(), row, column); }
    std::int64_t int64(int row, int column) const;
    // A bytea column read as hex (encode(x, 'hex')) back to its bytes.
    std::string hex_bytes(int row, int column) const;
    // Rows an INSERT/UPDATE/DELETE touched.
    std::int64_t affected() const;

private:
    struct Clear {
        void operator()(PGresult* r) const { PQclear(r); }
    };
    std::unique_ptr<PGresult, Clear> result_;
};

class Connection {
public:
    // Connects with a libpq connection string or URI (its password, if any, from the URI,
    // PGPASSWORD or PGPASSFILE/~/.pgpass as libpq reads them); throws Error (connection_lost)
    // when it cannot.
    explicit Connection(const std::string& conninfo);

    // Runs one statement; throws Error when it fails.
    Result exec(std::string_view sql, const Params& params = {});
    // Runs statements without parameters (several may be separated by semicolons).
    void run(const std::string& sql);
    // Runs `COPY ... FROM STDIN` (`sql`) with `rows` as its data, in COPY's text format (see
    // copy_field); throws Error when the server refuses the statement or a row.
    void copy_in(const std::string& sql, std::string_view rows);
    // Whether libpq still considers the connection usable.
    bool ok() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
    // Whether the connection is outside any transaction (a failed one included).
    bool idle() const { return PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }
    int socket() const { return PQsocket(conn_.get()); }
    // Reads what arrived on the socket and returns the NOTIFY payloads received; throws Error
    // (connection_lost) when the connection is gone.
    std::vector<std::string> notifications();

private:
    [[noreturn]] void fail(PGresult* result, std::string_view sql);
    struct Finish {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    std::unique_ptr<PGconn, Finish> conn_;
};

// `value` as a field of COPY's text format: backslash, tab, newline and carriage return
// escaped, appended to `out`.
void copy_field(std::string& out, std::string_view value);

// The connection target without its password, for logs: "postgresql://user@host:port/dbname".
std::string describe(const std::string& conninfo);

}  // namespace eye::pg
