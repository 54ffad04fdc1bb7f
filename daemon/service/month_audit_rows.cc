#include "daemon/service/month_audit_rows.h"

#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"

namespace caseaudit::daemon {
namespace json = boost::json;
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

json::value name_or_null(const std::optional<std::string>& name) {
  return name ? json::value(*name) : json::value(nullptr);
}

}  // namespace

// One query whatever the month's size (AllocationRepository::audit_listings_in).
std::vector<AuditRow> month_audit_rows(Transaction& tx, Month month) {
  std::vector<AuditListing> listings = tx.allocation().audit_listings_in(month);
  std::vector<AuditRow> rows;
  rows.reserve(listings.size());
  for (AuditListing& listing : listings) {
    rows.push_back(AuditRow{.audit = std::move(listing.audit),
                            .case_reference = listing.case_reference.value_or(""),
                            .team_id = listing.team_id.value_or(0),
                            .legal_status = listing.legal_status,
                            .team_name = name_or_null(listing.team_name),
                            .auditor_name = name_or_null(listing.auditor_name),
                            .moderator_name = name_or_null(listing.moderator_name)});
  }
  return rows;
}

AuditRow audit_row(Transaction& tx, Audit audit) {
  const std::optional<Child> child = tx.caseload().find_child(audit.child_id);
  return named_row(std::move(audit), child ? &*child : nullptr, RowNames::read(tx));
}

boost::json::object to_json(const AuditRow& row) {
  return to_json(
      row.audit,
      AuditRowNames{
          .case_reference = json::value(row.case_reference),
          .legal_status = row.legal_status ? json::value(to_string(*row.legal_status)) : nullptr,
          .team_id = json::value(row.team_id),
          .team_name = row.team_name,
          .auditor_name = row.auditor_name,
          .moderator_name = row.moderator_name});
}

}  // namespace caseaudit::daemon
