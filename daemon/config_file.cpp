// eyed.conf read with Poco's PropertyFileConfiguration; its keys are matched to CLI11's options
// so that a value from the file goes through the same checks as the same value on the command
// line.
#include "config_file.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <CLI/CLI.hpp>
#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include "closest_word.hpp"
#include "environment.hpp"

#ifndef EYE_SYSCONFDIR
#define EYE_SYSCONFDIR "/etc"
#endif

namespace eye {
namespace {

// A key as the file spells it and the line it starts on. Poco reports values, not lines; this
// scan follows Poco's syntax (comments start with # or !, a key ends at '=' or ':', a line
// ending in a backslash continues on the next) only to say where a key is.
struct KeyLine {
    std::string key;
    int line;
};

std::string trim(const std::string& s) {
    auto first = s.find_first_not_of(" \t\f\v");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\f\v") - first + 1);
}

bool continues(const std::string& line) {
    std::size_t backslashes = 0;
    for (auto it = line.rbegin(); it != line.rend() && *it == '\\'; ++it) ++backslashes;
    return backslashes % 2 == 1;
}

std::vector<KeyLine> key_lines(std::istream& in) {
    std::vector<KeyLine> keys;
    std::string text;
    bool continuation = false;
    for (int number = 1; std::getline(in, text); ++number) {
        if (!text.empty() && text.back() == '\r') text.pop_back();
        bool was_continuation = continuation;
        continuation = false;
        if (was_continuation) {
            continuation = continues(text);
            continue;
        }
        std::string line = trim(text);
        if (line.empty() || line[0] == '#' || line[0] == '!') continue;
        keys.push_back({trim(line.substr(0, line.find_first_of("=:"))), number});
        continuation = continues(text);
    }
    return keys;
}

// The options a file may set, by key.
std::map<std::string, CLI::Option*> configurable_options(CLI::App& app) {
    std::map<std::string, CLI::Option*> options;
    for (CLI::Option* opt : app.get_options()) {
        if (!opt->get_configurable() || opt->get_lnames().empty()) continue;
        options.emplace(opt->get_lnames().front(), opt);
    }
    return options;
}

bool names_a_secret(const std::string& key) {
    for (const char* word : {"key", "secret", "password", "token"})
        if (key.find(word) != std::string::npos) return true;
    return false;
}

bool is_flag(const CLI::Option& opt) { return opt.get_expected_max() == 0; }

}  // namespace

std::string default_config_path() {
    if (auto dir = env("CONFIGURATION_DIRECTORY"); !dir.empty()) return dir.substr(0, dir.find(':')) + "/eyed.conf";
    return std::string(EYE_SYSCONFDIR) + "/eye/eyed.conf";
}

void apply_config_file(CLI::App& app, const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigFileError(path + ": cannot read the configuration file");
    std::stringstream text;
    text << in.rdbuf();
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration);
    try {
        file->load(text);
    } catch (const Poco::Exception& e) {
        throw ConfigFileError(path + ": " + e.displayText());
    }
    text.clear();
    text.seekg(0);

    auto options = configurable_options(app);
    std::vector<std::string> known;
    for (const auto& [key, opt] : options) known.push_back(key);
    std::map<std::string, int> seen;
    for (const auto& [key, line] : key_lines(text)) {
        std::string where = path + ":" + std::to_string(line) + ": key '" + key + "': ";
        auto opt = options.find(key);
        if (opt == options.end()) {
            auto near = closest_word(key, known);
            throw ConfigFileError(where + "unknown key" + (near ? " (did you mean '" + *near + "'?)" : "") +
                                  "; the keys are eyed's long options without \"--\", see eyed.conf(5)");
        }
        if (auto first = seen.emplace(key, line); !first.second)
            throw ConfigFileError(where + "given again (first on line " + std::to_string(first.first->second) + ")");
        if (opt->second->count() > 0) continue;  // the command line overrides the file
        try {
            opt->second->add_result(file->getRawString(key));
            opt->second->run_callback();
        } catch (const CLI::Error& e) {
            // CLI11 starts with the flag's name, which `where` already gives as the key.
            std::string reason = e.what();
            if (reason.rfind("--" + key + ": ", 0) == 0) reason.erase(0, key.size() + 4);
            throw ConfigFileError(where + reason);
        }
    }
}

std::string render_config(const CLI::App& app) {
    std::string out;
    for (const CLI::Option* opt : app.get_options()) {
        if (!opt->get_configurable() || opt->get_lnames().empty()) continue;
        const std::string& key = opt->get_lnames().front();
        std::string value;
        if (opt->count() > 0)
            value = opt->results().back();
        else
            value = is_flag(*opt) ? "false" : opt->get_default_str();
        if (value.empty())
            out += "# " + key + " is not set\n";
        else if (names_a_secret(key))
            out += key + " = (set, not shown)\n";
        else
            out += key + " = " + value + "\n";
    }
    return out;
}

}  // namespace eye
