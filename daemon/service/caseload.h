// The caseload: children by case reference, upserted one at a time or from
// the caseload export (CSV), and closed.
//
// A child is a case reference, a team, a legal status and flags, never a
// name: the story stays in the case management system. A caseload file with
// a name, birth date or address column is refused whole (InputError naming
// the column) rather than read with the column ignored, so that such an
// export is fixed at its source instead of being sent, and logged or kept in
// proxies and backups, with every upload.
//
// Rules: the case reference is well formed (org_checks.h); the team, IRO and
// allocated worker exist. Every write runs in one transaction with its
// change-log row (actor and time from `caller`); when an operation throws,
// nothing was written. Errors name the field.
#pragma once

#include <string>
#include <string_view>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "daemon/service/import.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

struct ChildUpserted {
  Child child;  // as stored
  bool created = false;
};

// The child with `case_reference` (InputError when malformed, NotFound when
// there is none; field "case_reference").
Child find_child(const ServiceContext& context, std::string_view case_reference);

// Stores `child` whole under its case_reference (its id ignored): creates it
// ("child.create") or replaces the stored one ("child.update", not written
// when nothing changes).
ChildUpserted put_child(const ServiceContext& context, Child child, const Caller& caller);

// Marks the child closed ("child.close"; nothing written when already closed).
Child close_child(const ServiceContext& context, std::string_view case_reference,
                  const Caller& caller);

// Imports the caseload export: one child a row by case_reference (required:
// InputError "case_reference" otherwise), teams by name and the IRO and
// allocated worker by email, both case-insensitive. An empty cell leaves a
// required field as it is and clears an optional one; a new case needs team
// and legal_status. The engine's rules (import.h) for atomic, writing and the
// report (a dry run writes nothing); rows write "child.create" / "child.update".
ImportReport import_caseload_csv(const ServiceContext& context, std::string_view csv, bool atomic,
                                 const Caller& caller, ImportRun run = ImportRun::kWrite);

// The columns a caseload file may have, and those refused.
const CsvColumns& caseload_columns();

}  // namespace caseaudit::daemon
