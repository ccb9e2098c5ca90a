// Usage errors worded by eye rather than CLI11: the command they concern is the deepest one
// parsed, and the candidates for a suggestion are what that command (and, since global options
// fall through, its parents) accept.
#include "usage.hpp"

#include <algorithm>

#include "closest_word.hpp"

namespace eye::cli {
namespace {

// Every "--name" and "-n" that `command` and its parents accept.
std::vector<std::string> option_names(const CLI::App* command) {
    std::vector<std::string> names;
    for (const CLI::App* level = command; level; level = level->get_parent())
        for (const CLI::Option* option : level->get_options()) {
            for (const auto& l : option->get_lnames()) names.push_back("--" + l);
            for (const auto& s : option->get_snames()) names.push_back("-" + s);
        }
    return names;
}

std::vector<std::string> command_names(const CLI::App* command) {
    std::vector<std::string> names;
    for (const CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(sub->get_name());
    return names;
}

std::string unexpected(const CLI::App* command, const std::string& arg) {
    std::string where = command_path(command);
    if (arg.starts_with("-")) {
        std::string name = arg.substr(0, arg.find('='));
        std::string text = "eye: unknown option " + name + " for '" + where + "'";
        if (auto near = closest_word(name, option_names(command))) text += "; did you mean " + *near + "?";
        return text + "\n";
    }
    auto commands = command_names(command);
    if (commands.empty()) return "eye: '" + where + "' takes no argument '" + arg + "'\n";
    std::string text = "eye: unknown command '" + arg + "' for '" + where + "'";
    if (auto near = closest_word(arg, commands)) text += "; did you mean '" + *near + "'?";
    return text + "\n";
}

}  // namespace

void list_global_options_in_commands(CLI::App& app) {
    std::string text = "Global options (also accepted here; see eye --help):\n";
    for (const CLI::Option* option : app.get_options()) {
        std::string names = option->get_name(false, true);
        if (names.find("--help") != std::string::npos || names.find("--version") != std::string::npos) continue;
        std::string line = "  " + names;
        if (option->get_type_size() != 0) line += " " + option->get_type_name();
        line.resize(std::max<std::size_t>(line.size() + 2, 30), ' ');
        text += line + option->get_description() + "\n";
    }
    std::vector<CLI::App*> pending{&app};
    while (!pending.empty()) {
        CLI::App* level = pending.back();
        pending.pop_back();
        for (CLI::App* sub : level->get_subcommands([](CLI::App*) { return true; })) {
            sub->footer(text);
            pending.push_back(sub);
        }
    }
}

CLI::App* selected_command(CLI::App& app) {
    CLI::App* level = &app;
    for (;;) {
        auto chosen = level->get_subcommands();
        if (chosen.empty()) return level;
        level = chosen.front();
    }
}

std::string command_path(const CLI::App* command) {
    std::string path;
    for (const CLI::App* level = command; level; level = level->get_parent())
        path = level->get_parent() ? " " + level->get_name() + path : "eye" + path;
    return path;
}

CLI::App* help_target(CLI::App& app, const std::vector<std::string>& words) {
    CLI::App* level = &app;
    for (const std::string& word : words) {
        try {
            level = level->get_subcommand(word);
        } catch (const CLI::OptionNotFound&) {
            return nullptr;
        }
    }
    return level;
}

std::string describe_usage_error(CLI::App& app, const CLI::ParseError& error) {
    CLI::App* command = selected_command(app);
    std::string text;
    if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
        // An unknown option's value comes back as an extra too: name only the options then.
        auto extras = app.remaining(true);
        bool options = std::any_of(extras.begin(), extras.end(), [](auto& a) { return a.starts_with("-"); });
        for (const std::string& arg : extras) {
            if (options && !arg.starts_with("-")) continue;
            text += unexpected(command, arg);
            if (!options) break;
        }
    }
    if (text.empty()) {
        std::string message = error.what();
        // CLI11 words a failed check "NAME: must be ...": read as one sentence.
        if (auto colon = message.find(": must be "); colon != std::string::npos) message.erase(colon, 1);
        text = "eye: " + message + "\n";
    }
    return text + "eye: see '" + command_path(command) + " --help'\n";
}

}  // namespace eye::cli
