// Timestamp parsing and rendering; the calendar arithmetic is std::chrono's.
#include "timestamp.hpp"

#include <chrono>
#include <cstdio>

namespace eye {
namespace {

using namespace std::chrono;

// A cursor over the text that reads fixed-width digit groups and literal characters.
class Reader {
public:
    explicit Reader(std::string_view s) : s_(s) {}

    bool digits(int count, int& out) {
        if (pos_ + static_cast<size_t>(count) > s_.size()) return false;
        int v = 0;
        for (int i = 0; i < count; ++i) {
            char c = s_[pos_ + i];
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        pos_ += count;
        out = v;
        return true;
    }
    bool literal(char c) {
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    bool at_end() const { return pos_ == s_.size(); }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    bool is_digit() const { return peek() >= '0' && peek() <= '9'; }
    void skip() { ++pos_; }

private:
    std::string_view s_;
    size_t pos_ = 0;
};

std::optional<sys_days> read_date(Reader& r) {
    int y, m, d;
    if (!r.digits(4, y) || !r.literal('-') || !r.digits(2, m) || !r.literal('-') || !r.digits(2, d))
        return std::nullopt;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

// Reads "HH:MM[:SS[.fraction]]" and returns the time of day in microseconds.
std::optional<Micros> read_time_of_day(Reader& r) {
    int h, mi, s = 0;
    if (!r.digits(2, h) || !r.literal(':') || !r.digits(2, mi)) return std::nullopt;
    if (r.literal(':')) {
        if (!r.digits(2, s)) return std::nullopt;
    }
    if (h > 23 || mi > 59 || s > 59) return std::nullopt;
    Micros fraction = 0;
    if (r.literal('.')) {
        int n = 0;
        Micros scale = 100000;
        while (r.is_digit()) {
            if (++n > 9) return std::nullopt;
            fraction += (r.peek() - '0') * scale;
            scale /= 10;
            r.skip();
        }
        if (n == 0) return std::nullopt;
    }
    return (static_cast<Micros>(h) * 3600 + mi * 60 + s) * 1'000'000 + fraction;
}

// Reads "Z", "+HH:MM", "+HHMM", "+HH" (or '-') and returns the offset east of UTC.
std::optional<Micros> read_zone(Reader& r) {
    if (r.at_end()) return 0;
    if (r.literal('Z')) return 0;
    int sign = r.literal('+') ? 1 : (r.literal('-') ? -1 : 0);
    if (sign == 0) return std::nullopt;
    int h, m = 0;
    if (!r.digits(2, h)) return std::nullopt;
    if (r.literal(':')) {
        if (!r.digits(2, m)) return std::nullopt;
    } else if (!r.at_end()) {
        if (!r.digits(2, m)) return std::nullopt;
    }
    if (h > 23 || m > 59) return std::nullopt;
    return sign * (static_cast<Micros>(h) * 3600 + m * 60) * 1'000'000;
}

// The instants a four-digit year can render: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z.
const Micros earliest = duration_cast<microseconds>(sys_days{year{1} / 1 / 1}.time_since_epoch()).count();
const Micros latest = duration_cast<microseconds>(sys_days{year{10000} / 1 / 1}.time_since_epoch()).count() - 1;

std::optional<Micros> parse(std::string_view text, bool allow_bare_date) {
    Reader r(text);
    auto date = read_date(r);
    if (!date) return std::nullopt;
    Micros day_start = duration_cast<microseconds>(date->time_since_epoch()).count();
    if (r.at_end()) return allow_bare_date && day_start >= earliest ? std::optional<Micros>(day_start) : std::nullopt;
    if (!r.literal('T') && !r.literal(' ')) return std::nullopt;
    auto time = read_time_of_day(r);
    if (!time) return std::nullopt;
    auto zone = read_zone(r);
    if (!zone || !r.at_end()) return std::nullopt;
    // An offset can carry a time at the ends of the calendar past year 9999 or before year 1,
    // which no four-digit rendering can show (a fuzzer found "9999-12-31T23:59-20").
    Micros t = day_start + *time - *zone;
    if (t < earliest || t > latest) return std::nullopt;
    return t;
}

}  // namespace

std::optional<Micros> parse_timestamp(std::string_view text) {
    return parse(text, false);
}

std::optional<Micros> parse_time_bound(std::string_view text) {
    return parse(text, true);
}

std::string format_timestamp(Micros t) {
    microseconds us{t};
    auto day = floor<days>(us);
    year_month_day ymd{sys_days{day}};
    hh_mm_ss tod{us - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                  static_cast<int>(tod.seconds().count()), static_cast<long long>(tod.subseconds().count()));
    return buf;
}

Micros now_micros() {
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace eye
