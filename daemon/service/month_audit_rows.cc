#include "daemon/service/month_audit_rows.h"

#include <algorithm>
#include <unordered_map>

#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"

namespace caseaudit::daemon {
namespace {

AuditRow named_row(Audit audit, const Child* child, const RowNames& names) {
  AuditRow row{.audit = std::move(audit)};
  if (child) {
    row.case_reference = child->case_reference;
    row.team_id = child->team_id;
    row.legal_status = child->legal_status;
    row.team_name = names.team(child->team_id);
  }
  row.auditor_name = names.staff(row.audit.auditor_id);
  row.moderator_name = names.staff(row.audit.moderator_id);
  return row;
}

}  // namespace

// Four queries whatever the month's size: its audits, their domain grades,
// their children (a looped month shares children between two audits) and
// the organisation for the names.
std::vector<AuditRow> month_audit_rows(Transaction& tx, Month month) {
  std::vector<Audit> audits = tx.allocation().audits_in(month);
  std::sort(audits.begin(), audits.end(),
            [](const Audit& a, const Audit& b) { return a.id < b.id; });
  std::unordered_map<Id, Child> children;
  for (Child& child : tx.caseload().children_audited_in(month))
    children.emplace(child.id, std::move(child));
  const RowNames names = RowNames::read(tx);
  std::vector<AuditRow> rows;
  rows.reserve(audits.size());
  for (Audit& audit : audits) {
    const auto found = children.find(audit.child_id);
    rows.push_back(
        named_row(std::move(audit), found == children.end() ? nullptr : &found->second, names));
  }
  return rows;
}

AuditRow audit_row(Transaction& tx, Audit audit) {
  const std::optional<Child> child = tx.caseload().find_child(audit.child_id);
  return named_row(std::move(audit), child ? &*child : nullptr, RowNames::read(tx));
}

boost::json::object to_json(const AuditRow& row) {
  return with_names(
      to_json(row.audit).as_object(),
      {{"child_id", "case_reference", boost::json::value(row.case_reference)},
       {"child_id", "legal_status",
        row.legal_status ? boost::json::value(to_string(*row.legal_status)) : nullptr},
       {"child_id", "team_id", boost::json::value(row.team_id)},
       {"child_id", "team_name", row.team_name},
       {"auditor_id", "auditor_name", row.auditor_name},
       {"moderator_id", "moderator_name", row.moderator_name}});
}

}  // namespace caseaudit::daemon
