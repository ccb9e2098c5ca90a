// libpq wrappers: errors become pg::Error with the SQLSTATE and whether the connection is gone.
#include "pg_connection.hpp"

#include <algorithm>
#include <charconv>

namespace eye::pg {
namespace {

// SQLSTATE classes that mean the server or the way to it went away, not that the work was
// wrong: 08 connection exceptions, 57P01-57P03 shutdown and start-up.
bool means_lost(const std::string& state) {
    return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03";
}

}  // namespace

Params& Params::text(std::string_view value) {
    values_.emplace_back(std::string(value));
    formats_.push_back(0);
    return *this;
}

Params& Params::bytes(std::string_view value) {
    values_.emplace_back(std::string(value));
    formats_.push_back(1);
    return *this;
}

Params& Params::int64(std::int64_t value) {
    return text(std::to_string(value));
}

Params& Params::null() {
    values_.emplace_back(std::nullopt);
    formats_.push_back(0);
    return *this;
}

Params& Params::optional_text(const std::optional<std::string>& value) {
    return value ? text(*value) : null();
}

std::int64_t Result::int64(int row, int column) const {
    const char* v = PQgetvalue(result_.get(), row, column);
    std::int64_t n = 0;
    std::from_chars(v, v + PQgetlength(result_.get(), row, column), n);
    return n;
}

std::string Result::hex_bytes(int row, int column) const {
    std::string hex = text(row, column), out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        unsigned byte = 0;
        std::from_chars(hex.data() + i, hex.data() + i + 2, byte, 16);
        out.push_back(static_cast<char>(byte));
    }
    return out;
}

std::int64_t Result::affected() const {
    const char* n = PQcmdTuples(result_.get());
    return *n ? std::stoll(n) : 0;
}

Connection::Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_) throw Error("", true, "out of memory connecting to PostgreSQL");
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_.get());
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw Error("", true, "cannot connect to PostgreSQL " + describe(conninfo) + ": " + message);
    }
    // Notices ("relation ... already exists, skipping") are not errors; libpq would print
    // them on stderr.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
    // Event times are microseconds in bigint columns; nothing depends on the session's zone,
    // but messages and now() read alike on every instance.
    run("SET TIME ZONE 'UTC'");
}

Result Connection::exec(std::string_view sql, const Params& params) {
    std::vector<const char*> values;
    std::vector<int> lengths;
    values.reserve(params.values_.size());
    lengths.reserve(params.values_.size());
    for (const auto& v : params.values_) {
        values.push_back(v ? v->data() : nullptr);
        lengths.push_back(v ? static_cast<int>(v->size()) : 0);
    }
    std::string text(sql);
    PGresult* r = PQexecParams(conn_.get(), text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               lengths.data(), params.formats_.data(), 0);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
    return Result(r);
}

void Connection::run(const std::string& sql) {
    PGresult* r = PQexec(conn_.get(), sql.c_str());
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
    PQclear(r);
}

void Connection::copy_in(const std::string& sql, std::string_view rows) {
    PGresult* r = PQexec(conn_.get(), sql.c_str());
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) fail(r, sql);
    PQclear(r);
    // libpq takes the data in pieces of at most INT_MAX bytes; 1 MiB keeps its buffer small.
    constexpr std::size_t piece = 1 << 20;
    for (std::size_t at = 0; at < rows.size(); at += piece) {
        std::size_t n = std::min(piece, rows.size() - at);
        if (PQputCopyData(conn_.get(), rows.data() + at, static_cast<int>(n)) != 1) fail(nullptr, sql);
    }
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) fail(nullptr, sql);
    PGresult* end = PQgetResult(conn_.get());
    if (!end || PQresultStatus(end) != PGRES_COMMAND_OK) fail(end, sql);
    PQclear(end);
    while (PGresult* rest = PQgetResult(conn_.get())) PQclear(rest);
}

void copy_field(std::string& out, std::string_view value) {
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
}

void Connection::fail(PGresult* result, std::string_view sql) {
    std::string state, message;
    if (result) {
        const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        if (s) state = s;
        message = PQresultErrorMessage(result);
        PQclear(result);
    }
    if (message.empty()) message = PQerrorMessage(conn_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    bool lost = PQstatus(conn_.get()) != CONNECTION_OK || means_lost(state);
    std::string what = std::string(sql.substr(0, 60));
    throw Error(state, lost, "PostgreSQL: " + message + (lost ? "" : " (in: " + what + ")"));
}

std::vector<std::string> Connection::notifications() {
    if (!PQconsumeInput(conn_.get()) || PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_.get());
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw Error("", true, "PostgreSQL connection lost: " + message);
    }
    std::vector<std::string> payloads;
    while (PGnotify* n = PQnotifies(conn_.get())) {
        payloads.emplace_back(n->extra ? n->extra : "");
        PQfreemem(n);
    }
    return payloads;
}

std::string describe(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        if (error) PQfreemem(error);
        return "(an unreadable connection string)";
    }
    std::string user, host, port, dbname;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        std::string_view k = o->keyword;
        if (k == "user") user = o->val;
        if (k == "host" || (k == "hostaddr" && host.empty())) host = o->val;
        if (k == "port") port = o->val;
        if (k == "dbname") dbname = o->val;
    }
    PQconninfoFree(options);
    return "postgresql://" + (user.empty() ? "" : user + "@") + host + (port.empty() ? "" : ":" + port) + "/" + dbname;
}

}  // namespace eye::pg
