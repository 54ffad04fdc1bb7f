// check-config's output: the effective configuration as TOML.
#pragma once

#include <string>
#include <string_view>

#include "daemon/config.h"

namespace caseaudit::daemon {

// `config` as a TOML document that load_config() reads back to the same
// settings, except that secrets are replaced by kRedacted. Every setting is
// written, defaults included, in the order of systemd/caseaudit.toml.example.
std::string render_config(const Config& config);

// `text` as a TOML basic string, quotes included ("a \"b\"\n").
std::string toml_string(std::string_view text);

}  // namespace caseaudit::daemon
