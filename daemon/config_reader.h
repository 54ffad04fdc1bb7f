// TableReader: reads the keys of one TOML table of the configuration and
// turns every bad value into a one-line ConfigError naming the file, the
// dotted key, the value and the rule ("config F: http.port: 70000 is not a
// port (1-65535, ...)"). It remembers which keys were asked for, so that any
// other key is reported as unknown: a typo must not silently fall back to a
// default. Used by the settings table (daemon/config_settings.h).
//
// Internal to daemon/config*.cc. Thread-compatible.
#pragma once

#include <toml++/toml.h>

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/config.h"

namespace caseaudit::daemon {

// `text` as it appears in messages: a TOML basic string.
std::string quote(std::string_view text);
bool has_line_break(std::string_view text);
// Any character below U+0020, or DEL (a line break is one).
bool has_control_character(std::string_view text);

class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string source);

  // Each returns nullopt when the key is absent, and throws ConfigError when
  // it has the wrong type. A secret's value never appears in a message.
  std::optional<std::string> string(std::string_view key, bool secret = false);
  // An integer within [min, max]; `what` completes "VALUE is not ...".
  std::optional<int> integer(std::string_view key, std::int64_t min, std::int64_t max,
                             std::string_view what);
  // An array of integers, each within [min, max].
  std::optional<std::vector<int>> integers(std::string_view key, std::int64_t min, std::int64_t max,
                                           std::string_view what);
  std::optional<std::vector<std::string>> strings(std::string_view key);
  std::optional<bool> boolean(std::string_view key);  // true or false
  std::optional<TableReader> table(std::string_view key);
  // The keys of this table, in order (for tables whose keys are data).
  std::vector<std::string> keys() const;

  // Call after reading every known key.
  void reject_unknown() const;

  // "config F: KEY: VALUE is not WHAT".
  [[noreturn]] void fail(std::string_view key, std::string_view value, std::string_view what) const;
  // "config F: KEY: MESSAGE".
  [[noreturn]] void fail_message(std::string_view key, std::string_view message) const;
  // The dotted name of `key` in this table ("mail.smtp.url").
  std::string name_of(std::string_view key) const;

 private:
  const toml::node* find(std::string_view key);
  [[noreturn]] void fail_type(std::string_view key, const toml::node& node,
                              std::string_view expected, bool secret) const;

  const toml::table* table_;
  std::string prefix_;
  std::string source_;
  std::set<std::string> known_;
};

// Looks `text` up in `names` (name, value pairs); fails listing the choices.
template <typename Value, std::size_t N>
Value choose(const TableReader& reader, std::string_view key, std::string_view text,
             const std::array<std::pair<std::string_view, Value>, N>& names) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  std::string choices;
  for (const auto& entry : names) {
    if (!choices.empty()) choices += ", ";
    choices += entry.first;
  }
  reader.fail(key, quote(text), "one of " + choices);
}

// The name of `value` in `names`; throws ProgramError when it has none.
template <typename Value, std::size_t N>
std::string_view name_of_value(const std::array<std::pair<std::string_view, Value>, N>& names,
                               Value value) {
  for (const auto& [name, candidate] : names) {
    if (candidate == value) return name;
  }
  throw ProgramError("a configuration value without a name");
}

}  // namespace caseaudit::daemon
