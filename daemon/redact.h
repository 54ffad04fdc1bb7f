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

// `text` with every emailed action link's token ("act_" and its base64url
// characters, daemon/service/action_links.h) replaced by "act_" and
// kRedacted, wherever it appears (a path, a URL, an error). Never throws
// (but may allocate).
std::string redact_link_tokens(std::string_view text);

// `path` (a request's path, without its query) as the access log may show it
// when no route pattern names it: each segment that is a word (at most 24
// lowercase letters, digits after the first letter, '-' or '_') or an id (at
// most 18 digits) is kept, any other becomes "*". Secrets caseaudit makes
// (tokens, sign-in links) mix cases and digits, so they never look like
// either; nor are control characters or other bytes a client sent ever
// copied into the log. Never throws.
std::string loggable_path(std::string_view path);

// Every secret in `config` (the database and SMTP passwords, as written and
// %-decoded), non-empty and without duplicates, for the log redactor.
std::vector<std::string> secrets_of(const Config& config);

}  // namespace caseaudit::daemon
