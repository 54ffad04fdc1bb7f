// The settings table: every setting of caseaudit declared once, with its
// key, how it is read and validated (type, range or allowed values, the
// rule named in errors), how check-config prints it, and its help text.
// From it are driven:
//   * reading the TOML file (daemon/config.cc),
//   * check-config's output (render_config, daemon/config_print.h),
//   * systemd/caseaudit.toml.example (render_example_config), and the test
//     that it and docs/config.md state every setting and its default.
// The typed result is the Config struct (daemon/config.h); its member
// initialisers are the defaults, which the table prints rather than restates.
//
// Adding a setting: a field in config.h, one entry in config_settings.cc,
// then regenerate the example (see tests/daemon/config_docs_test.cc) and add
// its row to docs/config.md.
//
// The table is built once and immutable; thread-safe to read.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/config_reader.h"

namespace caseaudit::daemon {

struct Setting {
  std::string section;  // "mail.smtp"
  std::string key;      // "url"
  // Reads the key from its section, when present, into `config`; throws
  // ConfigError naming the key, the value and the rule.
  std::function<void(TableReader& section, Config& config)> read;
  // The value as a TOML value, secrets redacted.
  std::function<std::string(const Config& config)> print;
  // The allowed values in a few words ("1-64", "spool, smtp"); may be empty.
  std::string rule;
  // What it means, for the example file (lines joined by '\n'); empty when
  // the comment before it covers it too.
  std::string help;
  // Shown in the example instead of the default (an illustrative value).
  std::string example;
  // The default as docs/config.md states it, when it depends on the
  // environment or is too long to print; empty: the printed default.
  std::string documented_default;

  std::string name() const { return section + "." + key; }  // "mail.smtp.url"
};

// A section: its settings are those of settings() with this name. Sections
// are read, printed and documented in this order.
struct SettingsSection {
  std::string name;  // "mail.smtp"
  std::string help;  // for the example file; may be empty
  // A rule between keys of the section, checked once every section has
  // been read; throws ConfigError through `section` (e.g. "tls_certificate
  // and tls_key must be set together"). May be empty.
  std::function<void(const TableReader& section, const Config& config)> check;
};

const std::vector<SettingsSection>& settings_sections();
const std::vector<Setting>& settings();

// The defaults as the example file and the docs show them: every setting
// at its default with systemd's state directory /var/lib/caseaudit.
const Config& documented_defaults();

// `setting`'s default as docs/config.md writes it: documented_default, else
// the printed default without the quotes of a plain string ("" stays "").
std::string documented_default(const Setting& setting);

}  // namespace caseaudit::daemon
