#include "daemon/config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "daemon/config_reader.h"
#include "daemon/config_settings.h"
#include "daemon/credential_file.h"
#include "db/database.h"

namespace caseaudit::daemon {
namespace {

constexpr const char* kDefaultConfigPath = "/etc/caseaudit/caseaudit.toml";

// The reader of each section of settings_sections(), in its order; nullopt
// for a section the file does not have.
std::vector<std::optional<TableReader>> open_sections(TableReader& top) {
  const std::vector<SettingsSection>& sections = settings_sections();
  std::vector<std::optional<TableReader>> readers;
  for (const SettingsSection& section : sections) {
    const auto dot = section.name.rfind('.');
    if (dot == std::string::npos) {
      readers.push_back(top.table(section.name));
      continue;
    }
    // A sub-table ("mail.smtp"): opened from its parent, listed before it.
    const std::string parent = section.name.substr(0, dot);
    auto found = std::find_if(sections.begin(), sections.end(),
                              [&](const SettingsSection& s) { return s.name == parent; });
    std::optional<TableReader>& parent_reader = readers.at(found - sections.begin());
    readers.push_back(parent_reader ? parent_reader->table(section.name.substr(dot + 1))
                                    : std::nullopt);
  }
  return readers;
}

void reject_unknown_sections(const toml::table& root, TableReader& top) {
  std::vector<std::string_view> names;
  for (const SettingsSection& section : settings_sections()) {
    if (section.name.find('.') == std::string::npos) names.push_back(section.name);
  }
  for (auto&& [key, node] : root) {
    if (std::find(names.begin(), names.end(), key.str()) != names.end()) continue;
    std::string what = node.is_table() ? "unknown section" : "unknown setting outside a section";
    top.fail_message(key.str(), fmt::format("{} (sections: {})", what, fmt::join(names, ", ")));
  }
}

// Reads every setting of the table, then checks that no key is unknown and
// the rules between keys.
void read_sections(const toml::table& root, const std::string& source, Config& config) {
  TableReader top(root, "", source);
  const std::vector<SettingsSection>& sections = settings_sections();
  std::vector<std::optional<TableReader>> readers = open_sections(top);
  const auto reader_of = [&](std::string_view name) -> std::optional<TableReader>& {
    auto found = std::find_if(sections.begin(), sections.end(),
                              [&](const SettingsSection& s) { return s.name == name; });
    return readers.at(found - sections.begin());
  };
  for (const Setting& setting : settings()) {
    if (auto& reader = reader_of(setting.section)) setting.read(*reader, config);
  }
  for (const auto& reader : readers) {
    if (reader) reader->reject_unknown();
  }
  reject_unknown_sections(root, top);
  static const toml::table kEmpty;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (!sections[i].check) continue;
    const TableReader absent(kEmpty, sections[i].name, source);
    sections[i].check(readers[i] ? *readers[i] : absent, config);
  }
}

// mail.smtp.password from mail.smtp.password_file (e.g. a systemd
// credential); the setting keeps the resolved path, so check-config shows
// which file was read.
void read_smtp_password_file(Config& config, const ConfigEnvironment& env) {
  std::filesystem::path& file = config.mail.smtp.password_file;
  if (file.empty()) return;
  const std::string password =
      read_credential(file, env.credentials_directory, "mail.smtp.password_file", config.source);
  file = credential_path(file, env.credentials_directory, config.source)->lexically_normal();
  config.mail.smtp.password = password;
}

void resolve_defaults(Config& config, const ConfigEnvironment& env) {
  if (config.state.directory.empty()) {
    config.state.directory = env.state_directory.value_or("state");
  }
  config.state.directory = std::filesystem::absolute(config.state.directory).lexically_normal();
  if (config.database.url.empty()) {
    config.database.url = "sqlite:" + (config.state.directory / "caseaudit.db").string();
  }
  if (config.mail.spool_directory.empty()) {
    config.mail.spool_directory = config.state.directory / "spool";
  }
  config.mail.spool_directory =
      std::filesystem::absolute(config.mail.spool_directory).lexically_normal();
  read_smtp_password_file(config, env);
}

// database.password_file: PostgreSQL only, and instead of (never beside) a
// password in database.url, so that nobody wonders which of two is used.
void read_database_password(Config& config, const ConfigEnvironment& env) {
  DatabaseConfig& database = config.database;
  if (database.password_file.empty()) return;
  const auto fail = [&](const std::string& what) {
    throw ConfigError(
        fmt::format("config {}: database.password_file: {}", config.source.string(), what),
        "database.password_file");
  };
  const db::DatabaseUrl url = db::DatabaseUrl::parse(database.url);
  if (!url.is_postgresql()) fail("only for a PostgreSQL database.url (SQLite has no password)");
  if (!url.password.empty()) {
    fail("set together with a password in database.url; keep one of the two (the file)");
  }
  database.password = read_credential(database.password_file, env.credentials_directory,
                                      "database.password_file", config.source);
}

}  // namespace

ConfigEnvironment ConfigEnvironment::from_process() {
  ConfigEnvironment env;
  if (const char* state = std::getenv("STATE_DIRECTORY"); state != nullptr && *state != '\0') {
    std::string_view first(state);
    first = first.substr(0, first.find(':'));
    env.state_directory = std::filesystem::path(first);
  }
  if (const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
      credentials != nullptr && *credentials != '\0') {
    env.credentials_directory = std::filesystem::path(credentials);
  }
  return env;
}

Config parse_config(std::string_view text, const std::filesystem::path& source,
                    const ConfigEnvironment& env) {
  toml::table root;
  try {
    root = toml::parse(text, source.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("config {}: line {}, column {}: {}", source.string(),
                                  e.source().begin.line, e.source().begin.column, e.description()));
  }
  Config config;
  config.source = source;
  read_sections(root, source.string(), config);
  resolve_defaults(config, env);
  read_database_password(config, env);
  return config;
}

Config load_config(const std::filesystem::path& path, const ConfigEnvironment& env) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ConfigError(fmt::format("config {}: cannot read: is a directory", path.string()));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw ConfigError(
        fmt::format("config {}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    throw ConfigError(fmt::format("config {}: cannot read: I/O error", path.string()));
  }
  return parse_config(text.str(), path, env);
}

std::optional<std::filesystem::path> choose_config_path(
    const std::optional<std::filesystem::path>& explicit_path) {
  if (explicit_path) return explicit_path;
  if (const char* env = std::getenv("CASEAUDIT_CONFIG"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env);
  }
  std::error_code error;
  if (std::filesystem::exists(kDefaultConfigPath, error)) {
    return std::filesystem::path(kDefaultConfigPath);
  }
  return std::nullopt;
}

Config load_config_or_defaults(const std::optional<std::filesystem::path>& path,
                               const ConfigEnvironment& env) {
  if (path) return load_config(*path, env);
  return parse_config("", "", env);
}

std::string public_url_of(const HttpConfig& http) {
  if (!http.public_url.empty()) return http.public_url;
  const bool v6 = http.address.find(':') != std::string::npos;
  std::string host = http.address;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (v6) host = "[" + host + "]";
  return (http.tls_certificate.empty() ? "http://" : "https://") + host + ":" +
         std::to_string(http.port);
}

}  // namespace caseaudit::daemon
