// Secrets kept out of the configuration file: a setting names a file
// ("database.password_file"), and the secret is that file's first line.
//
// Under systemd the file comes from LoadCredential=NAME:/etc/caseaudit/NAME,
// which copies it, readable by the service's (dynamic) user only, into
// $CREDENTIALS_DIRECTORY; a relative name is looked up there, so the config
// can say password_file = "NAME" and stay world-readable (0644). Outside the
// unit (root running a one-shot command) it is looked up beside the config
// file instead, where LoadCredential= takes it from.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace caseaudit::daemon {

// Where `file` is: itself when absolute, else inside `credentials_directory`,
// else beside the config file `source`. nullopt when it is relative and
// there is neither (every setting defaulted, no credentials directory).
std::optional<std::filesystem::path> credential_path(
    const std::filesystem::path& file,
    const std::optional<std::filesystem::path>& credentials_directory,
    const std::filesystem::path& source);

// The first line of `file` (resolved by credential_path), without its line
// ending. Throws ConfigError "config SOURCE: FIELD: ..." naming the path and
// the reason (nowhere to look, cannot read, empty); the message never
// contains the secret.
std::string read_credential(const std::filesystem::path& file,
                            const std::optional<std::filesystem::path>& credentials_directory,
                            std::string_view field, const std::filesystem::path& source);

}  // namespace caseaudit::daemon
