#include "daemon/service/org_checks.h"

#include <fmt/format.h>

#include <cctype>
#include <limits>

#include "scheduler/email_address.h"
#include "scheduler/text.h"

namespace caseaudit::daemon {

namespace {

constexpr std::size_t kMaxCaseReference = 40;

std::string_view trimmed(std::string_view text) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

bool reference_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
}

}  // namespace

std::string checked_name(std::string_view value, std::string_view field) {
  std::string_view name = trimmed(value);
  if (name.empty())
    throw InputError(fmt::format("{}: must not be empty", field), std::string(field));
  return std::string(name);
}

std::string checked_email(std::string_view value, std::string_view field) {
  std::string_view email = trimmed(value);
  if (!is_email_address(email)) {
    throw InputError(fmt::format("{}: \"{}\" is not an email address", field, email),
                     std::string(field));
  }
  return std::string(email);
}

double checked_fte(double fte, std::string_view field) {
  if (!(fte > 0.0 && fte <= 1.0)) {
    throw InputError(fmt::format("{}: must be more than 0 and at most 1, got {}", field, fte),
                     std::string(field));
  }
  return fte;
}

int checked_count(std::int64_t value, std::string_view field) {
  if (value < 0 || value > std::numeric_limits<int>::max()) {
    throw InputError(fmt::format("{}: must be a whole number of at least 0, got {}", field, value),
                     std::string(field));
  }
  return static_cast<int>(value);
}

std::string checked_case_reference(std::string_view value, std::string_view field) {
  std::string_view reference = trimmed(value);
  bool valid = !reference.empty() && reference.size() <= kMaxCaseReference &&
               std::isalnum(static_cast<unsigned char>(reference.front())) != 0;
  for (char c : reference) valid = valid && reference_char(c);
  if (!valid) {
    throw InputError(fmt::format("{}: a case reference is 1 to {} letters, digits, '.', '_' or "
                                 "'-', starting with a letter or digit",
                                 field, kMaxCaseReference),
                     std::string(field));
  }
  return std::string(reference);
}

Staff require_staff(Transaction& tx, Id id, std::string_view field) {
  std::optional<Staff> staff = tx.organisation().find_staff(id);
  if (!staff) throw NotFound(fmt::format("{}: no staff member {}", field, id), std::string(field));
  return *staff;
}

Team require_team(Transaction& tx, Id id, std::string_view field) {
  std::optional<Team> team = tx.organisation().find_team(id);
  if (!team) throw NotFound(fmt::format("{}: no team {}", field, id), std::string(field));
  return *team;
}

Service require_service(Transaction& tx, Id id, std::string_view field) {
  std::optional<Service> service = tx.organisation().find_service(id);
  if (!service) throw NotFound(fmt::format("{}: no service {}", field, id), std::string(field));
  return *service;
}

void require_staff_if(Transaction& tx, const std::optional<Id>& id, std::string_view field) {
  if (id) require_staff(tx, *id, field);
}

std::string email_key(std::string_view email) { return ascii_lowercase(trimmed(email)); }

}  // namespace caseaudit::daemon
