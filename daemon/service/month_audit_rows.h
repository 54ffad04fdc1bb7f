// The month's audits with their child's case reference and team: what
// GET /v1/months/{month}/audits lists, and what an audit operation returns
// (daemon/service/audits.h). Behind one function so that its body can become
// a single joined store query without touching the route (it is benchmarked:
// it must never load the whole authority). Reads only; no rules.
#pragma once

#include <boost/json.hpp>
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
};

// Every audit of `month` (withdrawn included), by id, read in `tx`.
std::vector<AuditRow> month_audit_rows(Transaction& tx, Month month);

// `audit` with its child's case reference and team, read in `tx`.
AuditRow audit_row(Transaction& tx, Audit audit);

// to_json(audit) with "case_reference" and "team_id" beside its fields.
boost::json::object to_json(const AuditRow& row);

}  // namespace caseaudit::daemon
