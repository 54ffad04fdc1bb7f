#include "daemon/service/month_audit_rows.h"

#include <algorithm>
#include <unordered_map>

#include "daemon/service/record_json.h"

namespace caseaudit::daemon {

// Three queries whatever the month's size: its audits, their domain grades,
// and their children (a looped month shares children between two audits).
std::vector<AuditRow> month_audit_rows(Transaction& tx, Month month) {
  std::vector<Audit> audits = tx.allocation().audits_in(month);
  std::sort(audits.begin(), audits.end(),
            [](const Audit& a, const Audit& b) { return a.id < b.id; });
  std::unordered_map<Id, Child> children;
  for (Child& child : tx.caseload().children_audited_in(month)) children.emplace(child.id, std::move(child));
  std::vector<AuditRow> rows;
  rows.reserve(audits.size());
  for (Audit& audit : audits) {
    AuditRow row{.audit = std::move(audit)};
    if (auto found = children.find(row.audit.child_id); found != children.end()) {
      row.case_reference = found->second.case_reference;
      row.team_id = found->second.team_id;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

AuditRow audit_row(Transaction& tx, Audit audit) {
  AuditRow row{.audit = std::move(audit)};
  if (std::optional<Child> child = tx.caseload().find_child(row.audit.child_id)) {
    row.case_reference = child->case_reference;
    row.team_id = child->team_id;
  }
  return row;
}

boost::json::object to_json(const AuditRow& row) {
  boost::json::object out = to_json(row.audit).as_object();
  out["case_reference"] = row.case_reference;
  out["team_id"] = row.team_id;
  return out;
}

}  // namespace caseaudit::daemon
