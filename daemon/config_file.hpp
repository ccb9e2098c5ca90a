// eyed.conf: a `key = value` file (Java-properties syntax, read by Poco) whose keys are eyed's
// long options without the "--", so every flag, present or future, has its key.
#pragma once

#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace eye {

// Where eyed looks when --config is not given: $CONFIGURATION_DIRECTORY/eyed.conf under systemd
// (ConfigurationDirectory=eye), else SYSCONFDIR/eye/eyed.conf (/etc/eye/eyed.conf for the
// package). Read only when the file exists.
std::string default_config_path();

// A file that cannot be used; the message names the file, the line and the key.
struct ConfigFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Gives each configurable option of `app` that the command line left unset the file's value
// for it, through the option's own checks and conversions. Throws ConfigFileError for a file
// that cannot be read, an unknown key (with the nearest known one), a key given twice, or a
// value its option refuses.
void apply_config_file(CLI::App& app, const std::string& path);

// The effective value of every configurable option, one `key = value` line each, in the
// options' order; options with neither a value nor a default are a comment saying so. A value
// whose key names a secret (key, secret, password, token) is never printed.
std::string render_config(const CLI::App& app);

}  // namespace eye
