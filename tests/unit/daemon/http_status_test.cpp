// Every stable error code has the HTTP status README.md documents for it.
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "file_text.hpp"
#include "http_status.hpp"

TEST_CASE("each code of error.hpp answers the status README's error table gives it", "[http_status]") {
    std::string header = file_text(EYE_SOURCE_DIR "/shared/error.hpp");
    std::string readme = file_text(EYE_SOURCE_DIR "/README.md");
    REQUIRE_FALSE(header.empty());
    REQUIRE_FALSE(readme.empty());
    std::regex declared(R"re(inline constexpr const char\* \w+ = "(\w+)";)re");
    int codes = 0;
    for (std::sregex_iterator it(header.begin(), header.end(), declared), end; it != end; ++it) {
        std::string code = (*it)[1];
        ++codes;
        INFO(code);
        std::smatch row;
        REQUIRE(std::regex_search(readme, row, std::regex("\\| `" + code + "` \\| (\\d{3}) \\|")));
        CHECK(eye::http_status(code) == std::stoi(row[1]));
    }
    CHECK(codes >= 20);
    CHECK(eye::http_status("no_such_code") == 500);
}
