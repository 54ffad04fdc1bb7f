// check-config's output and the example configuration file, both written
// from the settings table (daemon/config_settings.h).
#pragma once

#include <string>
#include <string_view>

#include "daemon/config.h"

namespace caseaudit::daemon {

// `config` as a TOML document that load_config() reads back to the same
// settings, except that secrets are replaced by kRedacted. Every setting is
// written, defaults included, in the order of systemd/caseaudit.toml.example.
std::string render_config(const Config& config);

// The text of systemd/caseaudit.toml.example: every section and setting with
// its help, its default (commented out) and the values it allows.
std::string render_example_config();

// `text` as a TOML basic string, quotes included ("a \"b\"\n").
std::string toml_string(std::string_view text);

}  // namespace caseaudit::daemon
