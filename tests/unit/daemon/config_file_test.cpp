#include <catch2/catch.hpp>

#include <fstream>
#include <vector>

#include <CLI/CLI.hpp>

#include "config_file.hpp"
#include "options.hpp"
#include "temp_dir.hpp"

using namespace eye;

namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A small command line of the kinds eyed's has: a checked number, a text, a flag, a secret.
struct Options {
    CLI::App app{"test"};
    int threads = 4;
    std::string listen = "127.0.0.1:8000";
    bool strict = false;
    std::string password;
    Options() {
        app.add_option("--threads", threads)->check(CLI::Range(2, 1024))->capture_default_str();
        app.add_option("--listen", listen)->capture_default_str();
        app.add_flag("--strict-types", strict);
        app.add_option("--pg-password", password);
        app.add_option("--config")->configurable(false);
    }
    void parse(std::vector<std::string> args) {
        std::reverse(args.begin(), args.end());  // CLI11 takes a vector last-first
        app.parse(args);
    }
};

// What apply_config_file says of `text`, for options fresh from an empty command line.
std::string refusal(const std::string& path, const std::string& text) {
    write(path, text);
    Options o;
    o.parse({});
    try {
        apply_config_file(o.app, path);
    } catch (const ConfigFileError& e) {
        return e.what();
    }
    return "(accepted)";
}

struct Argv {
    std::vector<std::string> words;
    std::vector<char*> pointers;
    explicit Argv(std::vector<std::string> w) : words(std::move(w)) {
        for (auto& s : words) pointers.push_back(s.data());
    }
    int argc() const { return static_cast<int>(pointers.size()); }
    char** argv() { return pointers.data(); }
};

}  // namespace

TEST_CASE("a file's keys are the long options; values go through the options' checks", "[config]") {
    TempDir dir;
    Options o;
    write(dir.file("eyed.conf"),
          "# a comment\n"
          "! another\n"
          "\n"
          "threads = 8\n"
          "listen: 0.0.0.0:9000\n"
          "strict-types = yes\n");
    o.parse({});
    apply_config_file(o.app, dir.file("eyed.conf"));
    CHECK(o.threads == 8);
    CHECK(o.listen == "0.0.0.0:9000");
    CHECK(o.strict);
}

TEST_CASE("an option given on the command line overrides the file", "[config]") {
    TempDir dir;
    Options o;
    write(dir.file("eyed.conf"), "threads = 8\nlisten = 0.0.0.0:9000\n");
    o.parse({"--threads", "16"});
    apply_config_file(o.app, dir.file("eyed.conf"));
    CHECK(o.threads == 16);
    CHECK(o.listen == "0.0.0.0:9000");
}

TEST_CASE("a file's mistakes name the file, the line and the key", "[config]") {
    TempDir dir;
    std::string path = dir.file("eyed.conf");

    CHECK_THAT(refusal(path, "# threads\nthreads = 8\n\nthread = 9\n"),
               Catch::Contains(path + ":4: key 'thread': unknown key (did you mean 'threads'?)"));
    CHECK_THAT(refusal(path, "listen = a:1\nthreads = 5000\n"),
               Catch::StartsWith(path + ":2: key 'threads': ") && Catch::Contains("5000"));
    CHECK_THAT(refusal(path, "threads = many\n"),
               Catch::StartsWith(path + ":1: key 'threads': ") && Catch::Contains("many"));
    CHECK_THAT(refusal(path, "threads = 8\nthreads = 9\n"),
               Catch::Contains(":2: key 'threads': given again (first on line 1)"));
    // The options that pick the file are not keys of it.
    CHECK_THAT(refusal(path, "config = /elsewhere\n"), Catch::Contains(":1: key 'config': unknown key"));

    Options o;
    o.parse({});
    CHECK_THROWS_WITH(apply_config_file(o.app, dir.file("missing.conf")), Catch::Contains("missing.conf: cannot read"));
}

TEST_CASE("lines are counted across values continued with a backslash", "[config]") {
    TempDir dir;
    std::string path = dir.file("eyed.conf");
    CHECK_THAT(refusal(path, "listen = 127.0.0.1:\\\n8001\nthreads = x\n"), Catch::StartsWith(path + ":3: key 'threads'"));
    Options fine;
    fine.parse({});
    write(path, "listen = 127.0.0.1:\\\n8001\n");
    apply_config_file(fine.app, path);
    CHECK(fine.listen == "127.0.0.1:8001");
}

TEST_CASE("the effective configuration lists every key and never a secret's value", "[config]") {
    TempDir dir;
    Options o;
    write(dir.file("eyed.conf"), "threads = 8\npg-password = hunter2\n");
    o.parse({"--strict-types"});
    apply_config_file(o.app, dir.file("eyed.conf"));
    std::string text = render_config(o.app);
    CHECK_THAT(text, Catch::Contains("threads = 8\n"));
    CHECK_THAT(text, Catch::Contains("listen = 127.0.0.1:8000\n"));
    CHECK_THAT(text, Catch::Contains("strict-types = true\n"));
    CHECK_THAT(text, Catch::Contains("pg-password = (set, not shown)\n"));
    CHECK_THAT(text, !Catch::Contains("hunter2"));
    CHECK_THAT(text, !Catch::Contains("config"));
}

TEST_CASE("eyed's own options read the file named by --config", "[config]") {
    TempDir dir;
    std::string path = dir.file("eyed.conf");
    write(path, "listen = none\nthreads = 8\ndurability = process\nno-auth = true\nsocket = " + dir.file("s.sock") +
                    "\n");
    Argv args({"eyed", "--config", path, "--threads", "12", "--check-config"});
    ParsedOptions parsed = parse_options(args.argc(), args.argv());
    REQUIRE(parsed.config);
    CHECK(parsed.config->listen == "none");
    CHECK(parsed.config->threads == 12);
    CHECK(parsed.config->durability == Durability::process);
    CHECK(parsed.config->no_auth);
    REQUIRE(parsed.check_only);
    CHECK(parsed.check_only->file == path);
    CHECK_THAT(parsed.check_only->effective, Catch::Contains("threads = 12\n") && Catch::Contains("listen = none\n"));

    write(path, "durability = paper\n");
    Argv bad({"eyed", "--config", path});
    CHECK(parse_options(bad.argc(), bad.argv()).exit_code == 2);
    Argv checked({"eyed", "--config", path, "--check-config"});
    CHECK(parse_options(checked.argc(), checked.argv()).exit_code == 1);
}
