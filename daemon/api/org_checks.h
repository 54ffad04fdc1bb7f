// What the organisation resources (services, teams, staff, exemptions,
// children) share: the database's CHECKs and references restated so that a
// bad value is a 400 naming its field before any SQL runs (never a 500, and on
// PostgreSQL never a failed statement inside a transaction), and the per-row
// report of the CSV imports.
//
// Functions are pure or act only through the Transaction given; thread-compatible.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/errors.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon::api {

// Trimmed, non-empty; InputError naming `field` otherwise.
std::string checked_name(std::string_view value, std::string_view field);
// Trimmed, then an email address by is_email_address (scheduler/email_address.h).
std::string checked_email(std::string_view value, std::string_view field);
// 0 < fte <= 1.
double checked_fte(double fte, std::string_view field);
// 0 <= value <= INT_MAX.
int checked_count(std::int64_t value, std::string_view field);
// A case reference: 1-40 of [A-Za-z0-9._-], starting with a letter or digit.
// No '/', since the reference is a path segment; no spaces or quotes, since
// it is a key pasted between systems, not free text.
std::string checked_case_reference(std::string_view value, std::string_view field);

// NotFound naming `field` unless a record with that id exists.
Staff require_staff(Transaction& tx, Id id, std::string_view field);
Team require_team(Transaction& tx, Id id, std::string_view field);
Service require_service(Transaction& tx, Id id, std::string_view field);
void require_staff_if(Transaction& tx, const std::optional<Id>& id, std::string_view field);

// The report of one CSV import: each data row's line and what became of it.
class ImportReport {
 public:
  void created(int line, boost::json::value key);
  void updated(int line, boost::json::value key);
  void unchanged(int line, boost::json::value key);
  void rejected(int line, const InputError& error);

  int rejected_count() const { return rejected_; }
  // {"atomic", "written", "created", "updated", "unchanged", "rejected", "rows": [...]}
  boost::json::object to_json(bool atomic, bool written) const;

 private:
  void add(int line, std::string_view result, boost::json::value key);

  int created_ = 0, updated_ = 0, unchanged_ = 0, rejected_ = 0;
  boost::json::array rows_;
};

}  // namespace caseaudit::daemon::api
