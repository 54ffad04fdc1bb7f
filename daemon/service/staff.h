// Staff: creating a member of staff, changing their fields (inside the two
// rotas only the keys given), and the staff list import (CSV).
//
// Rules: the database's checks restated (org_checks.h: name, email, fte,
// counts); the team, line manager and responsible teams exist; an email
// belongs to one person, compared case-insensitively; a line management
// chain never loops back to the person (escalations would go round for
// ever) - one rule, checked the same way for every front door and the import.
//
// Every operation runs in one transaction of `context.store` with its
// change-log rows (actor and time from `caller`); when it throws, nothing was
// written. Errors name the field: InputError for a bad value, NotFound for an
// unknown id, Conflict for an email already taken, RuleViolation for a loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "daemon/service/import.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// The keys of a rota to set; nullopt leaves a key as it is.
struct RotaChanges {
  std::optional<Cadence> cadence;
  std::optional<Parity> parity;
};

// The fields to set; nullopt leaves a field as it is. For the optional
// fields (team, line manager, quota) an inner nullopt clears it.
struct StaffChanges {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<Role> role;
  std::optional<double> fte;
  std::optional<std::optional<Id>> team_id;
  std::optional<std::optional<Id>> line_manager_id;
  std::optional<std::vector<Id>> responsible_team_ids;  // duplicates dropped
  std::optional<bool> auditor;
  RotaChanges audit_rota;
  std::optional<std::optional<std::int64_t>> audit_quota;
  std::optional<std::int64_t> moderator_capacity;
  std::optional<bool> external_moderator;
  RotaChanges moderation_rota;
  std::optional<bool> active;
};

// A new member of staff: name, email and role are required (InputError
// naming the first missing). Writes "staff.create". Returns them as stored.
Staff create_staff(const ServiceContext& context, const StaffChanges& changes,
                   const Caller& caller);
// Applies `changes` to staff member `id` (NotFound "id"). Writes
// "staff.update" unless nothing changes. Returns them as stored after.
Staff update_staff(const ServiceContext& context, Id id, const StaffChanges& changes,
                   const Caller& caller);

// Imports a staff list: one person a row, identified by the email column
// (required: InputError "email" otherwise); teams by name and line managers
// by email (an earlier row's person too), both case-insensitive. An empty
// cell leaves a required field as it is and clears an optional one. New
// people need name and role. The engine's rules (import.h) for atomic,
// writing and the report; rows write "staff.create" / "staff.update".
// InputError (field "body" or the column) when the file itself is unusable.
ImportReport import_staff_csv(const ServiceContext& context, std::string_view csv, bool atomic,
                              const Caller& caller, ImportRun run = ImportRun::kWrite);

// The columns a staff list may have (in the order documented).
const CsvColumns& staff_columns();

}  // namespace caseaudit::daemon
