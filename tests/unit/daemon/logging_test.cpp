#include <catch2/catch.hpp>

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include "logging.hpp"

using namespace eye;

namespace {

// What one message at `level` looks like in a style.
std::string line(LogStyle style, bool in_journal, spdlog::level::level_enum level, const std::string& message) {
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
    sink->set_formatter(log_formatter(style, in_journal));
    spdlog::logger logger("test", sink);
    logger.set_level(spdlog::level::trace);
    logger.log(level, message);
    return out.str();
}

}  // namespace

TEST_CASE("levels map to the sd-daemon priorities journalctl -p filters on", "[logging]") {
    CHECK(journal_priority(spdlog::level::critical) == 2);
    CHECK(journal_priority(spdlog::level::err) == 3);
    CHECK(journal_priority(spdlog::level::warn) == 4);
    CHECK(journal_priority(spdlog::level::info) == 6);
    CHECK(journal_priority(spdlog::level::debug) == 7);
    CHECK(journal_priority(spdlog::level::trace) == 7);
}

TEST_CASE("journal lines carry the priority prefix and no timestamp of their own", "[logging]") {
    CHECK(line(LogStyle::journal, true, spdlog::level::err, "disk full") == "<3>disk full\n");
    CHECK(line(LogStyle::journal, true, spdlog::level::info, "listening") == "<6>listening\n");
}

TEST_CASE("text lines start with a timestamp and the level", "[logging]") {
    std::string text = line(LogStyle::text, false, spdlog::level::warn, "slow disk");
    CHECK_THAT(text, Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} warning slow disk\n)"));
}

TEST_CASE("json lines are one object each, whatever the message holds", "[logging]") {
    std::string message = "a \"quoted\" name\nand a second line \\ with a backslash";
    std::string text = line(LogStyle::json, false, spdlog::level::err, message);
    REQUIRE(text.back() == '\n');
    CHECK(text.find('\n') == text.size() - 1);
    auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    CHECK(object->getValue<std::string>("message") == message);
    CHECK(object->getValue<std::string>("level") == "error");
    CHECK_THAT(object->getValue<std::string>("time"), Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)"));

    std::string journal = line(LogStyle::json, true, spdlog::level::warn, "x");
    CHECK_THAT(journal, Catch::StartsWith("<4>{\"time\":"));
}
