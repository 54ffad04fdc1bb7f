#include "daemon/config_print.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string_view>

#include "daemon/config_settings.h"
#include "daemon/redact.h"

namespace caseaudit::daemon {

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

constexpr std::string_view kExampleHeader =
    R"(# caseaudit configuration: /etc/caseaudit/caseaudit.toml (or --config FILE, or
# $CASEAUDIT_CONFIG). Every setting is optional; the values shown, commented
# out, are the defaults (where marked "e.g.", an example value instead),
# followed by the values allowed. Unknown sections or keys are errors, so a
# typo is caught at start-up. `caseaudit check-config` checks the file as
# serve would and prints the effective settings (secrets redacted). The file
# is mode 0644 (the service's dynamic user must read it), so keep secrets
# out of it: password_file names a credential (docs/systemd.md). After
# editing, `systemctl reload caseaudit` applies [log]; other sections need
# `systemctl restart caseaudit`.
#
# Generated from daemon/config_settings.cc: edit that table, then regenerate
# (see tests/daemon/config_docs_test.cc).
)";

void comment(std::string_view text, std::string& out) {
  if (text.empty()) return;
  for (std::size_t begin = 0; begin <= text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    out += fmt::format("# {}\n", text.substr(begin, end - begin));
    begin = end + 1;
  }
}

}  // namespace

std::string render_config(const Config& config) {
  std::string out;
  out += "# The effective configuration of caseaudit; secrets are redacted.\n";
  out += fmt::format("# Read from: {}\n",
                     config.source.empty() ? "(no file; all defaults)" : config.source.string());
  for (const SettingsSection& section : settings_sections()) {
    out += fmt::format("\n[{}]\n", section.name);
    for (const Setting& setting : settings()) {
      if (setting.section == section.name) {
        out += fmt::format("{} = {}\n", setting.key, setting.print(config));
      }
    }
  }
  return out;
}

std::string render_example_config() {
  std::string out(kExampleHeader);
  for (const SettingsSection& section : settings_sections()) {
    out += fmt::format("\n[{}]\n", section.name);
    comment(section.help, out);
    for (const Setting& setting : settings()) {
      if (setting.section != section.name) continue;
      comment(setting.help, out);
      const bool example = !setting.example.empty();
      std::string line =
          fmt::format("#{} = {}", setting.key,
                      example ? setting.example : setting.print(documented_defaults()));
      std::string notes = example ? "e.g." : "";
      if (!setting.rule.empty()) notes += (notes.empty() ? "" : " ") + setting.rule;
      out += notes.empty() ? line + "\n" : fmt::format("{}  # {}\n", line, notes);
    }
  }
  return out;
}

}  // namespace caseaudit::daemon
