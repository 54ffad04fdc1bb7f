#include "daemon/doctor.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <ostream>

#include "daemon/notifications.h"
#include "db/database.h"
#include "notifier/smtp_transport.h"
#include "notifier/templates.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

CheckResult ok(std::string detail) { return {.ok = true, .detail = std::move(detail)}; }
CheckResult problem(std::string detail, std::string fix) {
  return {.ok = false, .detail = std::move(detail), .fix = std::move(fix)};
}

// Exists, is a directory, and a file can be created and removed in it;
// unlike ensure_writable_directory(), never creates the directory.
CheckResult writable_directory(const std::filesystem::path& directory, std::string_view what) {
  std::error_code error;
  if (!std::filesystem::exists(directory, error)) {
    return problem(fmt::format("{} {} does not exist", what, directory.string()),
                   "create it, writable by the service user (StateDirectory=caseaudit in the "
                   "unit does this)");
  }
  if (!std::filesystem::is_directory(directory, error)) {
    return problem(fmt::format("{} {} is not a directory", what, directory.string()),
                   "point the setting at a directory");
  }
  const std::filesystem::path probe =
      directory / fmt::format(".caseaudit-doctor-{}", static_cast<long>(getpid()));
  {
    std::ofstream file(probe);
    if (!file) {
      return problem(fmt::format("{} {}: cannot create a file: {}", what, directory.string(),
                                 std::strerror(errno)),
                     "give the service user write access to it");
    }
  }
  std::filesystem::remove(probe, error);
  return ok(fmt::format("{} {} is writable", what, directory.string()));
}

CheckResult check_config(const Config& config) {
  return ok(config.source.empty() ? std::string("defaults (no file)")
                                  : config.source.string() + " is valid");
}

CheckResult check_state_directory(const Config& config) {
  return writable_directory(config.state.directory, "state directory");
}

CheckResult check_database(const Config& config) {
  static const SystemClock kClock;
  try {
    const db::DatabaseUrl url = db::DatabaseUrl::parse(config.database.url);
    if (url.is_sqlite() && !url.is_sqlite_memory() && !std::filesystem::exists(url.sqlite_path())) {
      return ok(fmt::format("{} does not exist yet; serve creates it at start", url.sqlite_path()));
    }
    auto database = db::Database::open(config.database.url, kClock, 1);
    const db::SchemaStatus schema = database->schema_status();
    if (schema.current > schema.latest) {
      return problem(fmt::format("{}: schema version {} is newer than this caseaudit's {}",
                                 url.redacted(), schema.current, schema.latest),
                     "run the caseaudit release that wrote it, or restore a backup");
    }
    if (schema.current < schema.latest) {
      return ok(
          fmt::format("{} answers; schema version {} of {}: serve (or caseaudit migrate) "
                      "applies the rest",
                      url.redacted(), schema.current, schema.latest));
    }
    return ok(
        fmt::format("{} answers; schema version {} (current)", url.redacted(), schema.current));
  } catch (const std::exception& error) {
    return problem(error.what(),
                   "check database.url, that the server runs and lets this host in, and the "
                   "password");
  }
}

std::string relay_fix(const notifier::DeliveryResult& result) {
  if (result.configuration_fault) {
    return "make the relay offer STARTTLS with a certificate that verifies, or set "
           "mail.smtp.ca_file to the CA that signed it; tls = \"implicit\" for an smtps:// relay; "
           "tls = \"none\" only for a relay on loopback";
  }
  if (result.smtp_code == 535 || result.smtp_code == 534) {
    return "check mail.smtp.username and the password (password or password_file)";
  }
  return "check mail.smtp.url (host and port), that the relay runs, and that this host may "
         "reach it (the unit's IPAddressAllow=)";
}

CheckResult check_relay(const Config& config) {
  if (config.mail.transport != MailTransport::kSmtp) {
    return writable_directory(config.mail.spool_directory, "mail spool (transport = spool)");
  }
  try {
    notifier::SmtpConfig smtp = smtp_transport_config(config.mail);
    const notifier::DeliveryResult result = notifier::probe_smtp_relay(smtp);
    if (result.sent()) return ok(fmt::format("{}: {}", config.mail.smtp.url, result.detail));
    return problem(fmt::format("{}: {}", config.mail.smtp.url, result.detail), relay_fix(result));
  } catch (const std::exception& error) {
    return problem(error.what(), "fix the [mail.smtp] setting it names");
  }
}

CheckResult check_templates(const Config& config) {
  try {
    const notifier::TemplateSet templates =
        config.notifier.templates.empty() ? notifier::TemplateSet::defaults()
                                          : notifier::TemplateSet::load(config.notifier.templates);
    int rendered = 0;
    for (notifier::NotificationKind kind : notifier::all_notification_kinds()) {
      templates.render(kind, notifier::sample_values(kind));
      ++rendered;
    }
    return ok(fmt::format("{} notification kinds render ({})", rendered,
                          config.notifier.templates.empty()
                              ? std::string("built-in templates")
                              : "overrides from " + config.notifier.templates.string()));
  } catch (const std::exception& error) {
    return problem(error.what(), "fix or remove the template file it names (docs/notifier.md)");
  }
}

// caseaudit.service and its drop-ins in `directory`, concatenated.
std::string unit_text_in(const std::filesystem::path& directory) {
  std::string text;
  const auto append = [&](const std::filesystem::path& file) {
    std::ifstream in(file);
    text += std::string(std::istreambuf_iterator<char>(in), {}) + "\n";
  };
  std::error_code error;
  if (std::filesystem::is_regular_file(directory / "caseaudit.service", error)) {
    append(directory / "caseaudit.service");
  }
  const std::filesystem::path dropins = directory / "caseaudit.service.d";
  if (std::filesystem::is_directory(dropins, error)) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dropins, error)) {
      if (entry.path().extension() == ".conf") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) append(file);
  }
  return text;
}

CheckResult check_installed_unit_network(const Config& config) {
  return check_unit_network(config, {"/etc/systemd/system", "/run/systemd/system",
                                     "/usr/lib/systemd/system", "/lib/systemd/system"});
}

}  // namespace

CheckResult check_unit_network(const Config& config,
                               const std::vector<std::filesystem::path>& unit_directories,
                               const HostResolver& resolve) {
  std::string unit;
  for (const auto& directory : unit_directories) unit += unit_text_in(directory);
  if (unit.find("[Service]") == std::string::npos) {
    return ok("no caseaudit.service installed here: nothing to check");
  }
  NetworkAllowlist allowlist;
  try {
    allowlist = network_allowlist(config, resolve);
  } catch (const RuntimeFailure& failure) {
    return problem(failure.what(), "check the host name in that setting, and this machine's DNS");
  }
  const std::vector<std::string> missing = not_allowed(allowlist, unit);
  if (missing.empty()) {
    return ok(fmt::format("the unit allows {}", fmt::join(allowlist.allowed(), " ")));
  }
  return problem(
      fmt::format("the unit's IPAddressAllow= does not allow {}, which the config connects to",
                  fmt::join(missing, " ")),
      "caseaudit unit-network | sudo tee /etc/systemd/system/caseaudit.service.d/network.conf, "
      "then systemctl daemon-reload && systemctl restart caseaudit (docs/systemd.md)");
}

const std::vector<DoctorCheck>& doctor_checks() {
  static const std::vector<DoctorCheck> checks = {
      {.name = "config", .run = check_config},
      {.name = "state directory", .run = check_state_directory},
      {.name = "database", .run = check_database},
      {.name = "mail relay", .run = check_relay},
      {.name = "templates", .run = check_templates},
      {.name = "unit network", .run = check_installed_unit_network},
  };
  return checks;
}

bool run_doctor(const Config& config, const std::vector<DoctorCheck>& checks, std::ostream& out) {
  bool all_ok = true;
  for (const DoctorCheck& check : checks) {
    CheckResult result;
    try {
      result = check.run(config);
    } catch (const std::exception& error) {
      result = problem(error.what(), "report this: a check should not throw");
    }
    all_ok = all_ok && result.ok;
    out << fmt::format("{:<6}{}: {}\n", result.ok ? "ok" : "FAIL", check.name, result.detail);
    if (!result.ok) out << fmt::format("{:<6}fix: {}\n", "", result.fix);
  }
  return all_ok;
}

}  // namespace caseaudit::daemon
