// The month's audits with their child's case reference and team: what
// GET /v1/months/{month}/audits lists. Behind one function so that its body
// can become a single joined store query without touching the route (it is
// benchmarked: it must never load the whole authority).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "daemon/service/record_json.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon::api {

using daemon::to_json;  // the records' JSON (daemon/service/record_json.h) beside this one

struct AuditRow {
  Audit audit;
  std::string case_reference;
  Id team_id = 0;
};

// Every audit of `month` (withdrawn included), by id, read in `tx`.
std::vector<AuditRow> month_audit_rows(Transaction& tx, Month month);

// to_json(audit) with "case_reference" and "team_id" beside its fields.
boost::json::object to_json(const AuditRow& row);

}  // namespace caseaudit::daemon::api
