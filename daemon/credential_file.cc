#include "daemon/credential_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "daemon/config.h"

namespace caseaudit::daemon {

std::optional<std::filesystem::path> credential_path(
    const std::filesystem::path& file,
    const std::optional<std::filesystem::path>& credentials_directory,
    const std::filesystem::path& source) {
  if (file.is_absolute()) return file;
  if (credentials_directory) return *credentials_directory / file;
  if (!source.empty()) return std::filesystem::absolute(source).parent_path() / file;
  return std::nullopt;
}

std::string read_credential(const std::filesystem::path& file,
                            const std::optional<std::filesystem::path>& credentials_directory,
                            std::string_view field, const std::filesystem::path& source) {
  const auto fail = [&](const std::string& what) {
    throw ConfigError(fmt::format("config {}: {}: {}", source.string(), field, what),
                      std::string(field));
  };
  const std::optional<std::filesystem::path> path =
      credential_path(file, credentials_directory, source);
  if (!path) {
    fail(fmt::format(
        "\"{}\" is a relative name, and neither $CREDENTIALS_DIRECTORY (systemd sets it for "
        "LoadCredential=) nor a config file says where to look; give an absolute path",
        file.string()));
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    fail(fmt::format("{}: cannot read: {}{}", path->string(), std::strerror(errno),
                     file.is_relative()
                         ? " (a relative name is looked up in $CREDENTIALS_DIRECTORY, else "
                           "beside the config file)"
                         : ""));
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    fail(fmt::format(
        "{}: the first line is empty (under systemd: is the LoadCredential= source file in "
        "/etc/caseaudit missing?)",
        path->string()));
  }
  return line;
}

}  // namespace caseaudit::daemon
