#include "daemon/config_reader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <sstream>

#include "daemon/config_print.h"

namespace caseaudit::daemon {
namespace {

std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// How a value appears in an error message. Secret values never appear.
std::string describe(const toml::node& node, bool secret) {
  if (secret) return fmt::format("(secret, {})", type_name(node.type()));
  if (const auto* text = node.as_string()) return quote(text->get());
  if (node.is_table() || node.is_array()) return std::string(type_name(node.type()));
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

}  // namespace

std::string quote(std::string_view text) { return toml_string(text); }

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

TableReader::TableReader(const toml::table& table, std::string prefix, std::string source)
    : table_(&table), prefix_(std::move(prefix)), source_(std::move(source)) {}

std::optional<std::string> TableReader::string(std::string_view key, bool secret) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* text = node->as_string();
  if (text == nullptr) fail_type(key, *node, "a string", secret);
  return text->get();
}

std::optional<int> TableReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                        std::string_view what) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* number = node->as_integer();
  if (number == nullptr) fail_type(key, *node, "an integer", false);
  if (number->get() < min || number->get() > max) fail(key, describe(*node, false), what);
  return static_cast<int>(number->get());
}

std::optional<std::vector<int>> TableReader::integers(std::string_view key, std::int64_t min,
                                                      std::int64_t max, std::string_view what) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr) fail_type(key, *node, "an array of integers", false);
  std::vector<int> values;
  for (const toml::node& item : *array) {
    const auto* number = item.as_integer();
    if (number == nullptr || number->get() < min || number->get() > max) {
      fail(key, describe(item, false), what);
    }
    values.push_back(static_cast<int>(number->get()));
  }
  return values;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_boolean();
  if (value == nullptr) fail_type(key, *node, "true or false", false);
  return value->get();
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr) fail_type(key, *node, "an array of strings", false);
  std::vector<std::string> values;
  for (const toml::node& item : *array) {
    const auto* text = item.as_string();
    if (text == nullptr) fail(key, describe(item, false), "a string");
    values.push_back(text->get());
  }
  return values;
}

std::vector<std::string> TableReader::keys() const {
  std::vector<std::string> out;
  for (auto&& [key, node] : *table_) out.emplace_back(key.str());
  return out;
}

std::optional<TableReader> TableReader::table(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* sub = node->as_table();
  if (sub == nullptr) fail_type(key, *node, "a table", false);
  return TableReader(*sub, name_of(key), source_);
}

void TableReader::reject_unknown() const {
  for (auto&& [key, node] : *table_) {
    if (known_.count(std::string(key.str())) != 0) continue;
    std::vector<std::string> known(known_.begin(), known_.end());
    throw ConfigError(fmt::format("config {}: {}: unknown setting (known here: {})", source_,
                                  name_of(key.str()), fmt::join(known, ", ")),
                      name_of(key.str()));
  }
}

void TableReader::fail(std::string_view key, std::string_view value, std::string_view what) const {
  throw ConfigError(fmt::format("config {}: {}: {} is not {}", source_, name_of(key), value, what),
                    name_of(key));
}

void TableReader::fail_message(std::string_view key, std::string_view message) const {
  throw ConfigError(fmt::format("config {}: {}: {}", source_, name_of(key), message), name_of(key));
}

std::string TableReader::name_of(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
}

const toml::node* TableReader::find(std::string_view key) {
  known_.insert(std::string(key));
  return table_->get(key);
}

void TableReader::fail_type(std::string_view key, const toml::node& node, std::string_view expected,
                            bool secret) const {
  throw ConfigError(fmt::format("config {}: {}: {} is {}, expected {}", source_, name_of(key),
                                describe(node, secret), type_name(node.type()), expected),
                    name_of(key));
}

}  // namespace caseaudit::daemon
