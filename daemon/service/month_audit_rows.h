// The month's audits with their child's case reference, legal status and
// team, and the names of the team, auditor and moderator: what
// GET /v1/months/{month}/audits lists, and what an audit operation returns
// (daemon/service/audits.h). Behind one function whose body is
// a single joined store query (AllocationRepository::audit_listings_in: the
// month's audits with their children, names and domain grades in one
// statement). It is benchmarked: it must never load the whole
// authority. Reads only; no rules.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/service/record_json.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct AuditRow {
  Audit audit;
  std::string case_reference;  // empty when the child is gone
  Id team_id = 0;
  std::optional<LegalStatus> legal_status;                     // unset when the child is gone
  boost::json::value team_name, auditor_name, moderator_name;  // null when unknown or unset
};

// Every audit of `month` (withdrawn included), by id, read in `tx`.
std::vector<AuditRow> month_audit_rows(Transaction& tx, Month month);

// `audit` with its child's case reference and team, read in `tx`.
AuditRow audit_row(Transaction& tx, Audit audit);

// to_json(audit) with, after "child_id": "case_reference", "legal_status",
// "team_id", "team_name"; "auditor_name" after "auditor_id";
// "moderator_name" after "moderator_id".
boost::json::object to_json(const AuditRow& row);

}  // namespace caseaudit::daemon
