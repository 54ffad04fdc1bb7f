// Keeping secrets (passwords) out of output: check-config, logs, errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.h"

namespace caseaudit::daemon {

// What replaces a secret wherever one would be shown.
inline constexpr std::string_view kRedacted = "********";

// `url` with the password of its "scheme://user:password@host" part replaced
// by kRedacted; unchanged when it has none. Never throws.
std::string redact_url_password(std::string_view url);

// `text` with every occurrence of each of `secrets` replaced by kRedacted,
// longest secret first. Never throws (but may allocate).
std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets);

// Every secret in `config` (the database and SMTP passwords, as written and
// %-decoded), non-empty and without duplicates, for the log redactor.
std::vector<std::string> secrets_of(const Config& config);

}  // namespace caseaudit::daemon
