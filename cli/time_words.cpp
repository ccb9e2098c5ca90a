// Local time through the C library (localtime_r, mktime and strftime read TZ and the system's
// tzdata): eye only ever needs the one zone the user lives in, so IANA zone names and
// howardhinnant date would be a dependency for nothing here. Calendar arithmetic stays
// std::chrono's and mktime's normalisation, never hand-written.
#include "time_words.hpp"

#include <cctype>
#include <charconv>
#include <ctime>

namespace eye::cli {
namespace {

constexpr Micros second = 1'000'000;
constexpr Micros day = 86'400 * second;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Floor division, so that instants before 1970 split into seconds and micros correctly.
std::pair<std::time_t, Micros> split(Micros t) {
    Micros s = t / second, us = t % second;
    if (us < 0) {
        s -= 1;
        us += second;
    }
    return {static_cast<std::time_t>(s), us};
}

// The wall-clock fields of UTC instant `wall` read as a local time: the instant they name here.
Micros local_from_wall(Micros wall) {
    auto [s, us] = split(wall);
    std::tm tm{};
    gmtime_r(&s, &tm);
    tm.tm_isdst = -1;  // let the C library decide whether summer time applies
    return static_cast<Micros>(std::mktime(&tm)) * second + us;
}

// Midnight of the day `days` from the day of `now`, in `zone`.
Micros midnight(Micros now, int days, Zone zone) {
    if (zone == Zone::utc) {
        Micros today = now - ((now % day) + day) % day;
        return today + days * day;
    }
    auto [s, us] = split(now);
    std::tm tm{};
    localtime_r(&s, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mday += days;  // mktime normalises the month and the year
    tm.tm_isdst = -1;
    return static_cast<Micros>(std::mktime(&tm)) * second;
}

// "15m", "-15m", "15 min", "15m ago": how long ago; nothing when it is not one.
std::optional<Micros> read_ago(std::string_view text) {
    std::string s = lower(text);
    std::string_view v(s);
    bool ago = false;
    if (v.ends_with("ago")) {
        v.remove_suffix(3);
        ago = true;
    }
    v = trim(v);
    if (!ago && v.starts_with('-')) v.remove_prefix(1);
    long long n = 0;
    auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (error != std::errc() || end == v.data() || n < 0) return std::nullopt;
    std::string_view unit = trim(std::string_view(end, v.data() + v.size() - end));
    Micros per = 0;
    if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds")
        per = second;
    else if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes")
        per = 60 * second;
    else if (unit == "h" || unit == "hour" || unit == "hours")
        per = 3600 * second;
    else if (unit == "d" || unit == "day" || unit == "days")
        per = day;
    else if (unit == "w" || unit == "week" || unit == "weeks")
        per = 7 * day;
    else
        return std::nullopt;
    if (n > 100 * 366 * day / per) return std::nullopt;  // more than a century: a slip
    return n * per;
}

// Whether an absolute time names its zone: 'Z' or an offset after the date.
bool names_zone(std::string_view text) {
    return text.size() > 10 && text.find_first_of("Zz+-", 10) != std::string_view::npos;
}

}  // namespace

std::optional<Micros> resolve_time(std::string_view text, Zone zone, Micros now) {
    text = trim(text);
    std::string word = lower(text);
    if (word == "now") return now;
    if (word == "today") return midnight(now, 0, zone);
    if (word == "yesterday") return midnight(now, -1, zone);
    if (word == "tomorrow") return midnight(now, 1, zone);
    if (auto ago = read_ago(text)) return now - *ago;
    auto t = parse_time_bound(text);
    if (!t) return std::nullopt;
    if (names_zone(text) || zone == Zone::utc) return t;
    return local_from_wall(*t);
}

std::string show_time(Micros t, Zone zone, bool whole) {
    if (zone == Zone::utc && whole) return format_timestamp(t);
    auto [s, us] = split(t);
    std::tm tm{};
    if (zone == Zone::utc)
        gmtime_r(&s, &tm);
    else
        localtime_r(&s, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    if (!whole) return text;
    char fraction[16], offset[16];
    std::snprintf(fraction, sizeof fraction, ".%06lld", static_cast<long long>(us));
    std::strftime(offset, sizeof offset, "%z", &tm);
    return std::string(text) + fraction + offset;
}

std::string zone_name(Zone zone) {
    if (zone == Zone::utc) return "UTC";
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char name[16];
    std::strftime(name, sizeof name, "%Z", &tm);
    return name[0] ? name : "local";
}

}  // namespace eye::cli
