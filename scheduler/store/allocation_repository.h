// AllocationRepository: the months' runs, their audits and the pairings
// (Transaction::allocation()). Child and auditor slots in the schema make a
// double allocation a Conflict.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

// One line of a month's audit list: the audit with what the list shows of
// its child and the names of its team, auditor and moderator, read in one
// query (GET /v1/months/{month}/audits runs it on every request).
struct AuditListing {
  Audit audit;                                // with its domain_grades
  std::optional<std::string> case_reference;  // unset when the child is gone
  std::optional<Id> team_id;                  // the child's team
  std::optional<LegalStatus> legal_status;    // the child's
  std::optional<std::string> team_name;       // unset when unknown
  std::optional<std::string> auditor_name;    // unset when unknown
  std::optional<std::string> moderator_name;  // unset when unknown or no moderator
};

class AllocationRepository {
 public:
  virtual ~AllocationRepository() = default;

  virtual std::optional<AllocationRun> find_run(Month month) = 0;
  virtual Id insert_run(const AllocationRun& run) = 0;  // Conflict if the month exists
  virtual void update_run(const AllocationRun& run) = 0;
  // Allocation runs (months) per status, every status present: for /metrics.
  virtual std::map<MonthStatus, long long> run_counts() = 0;

  virtual Id insert_audit(const Audit& audit) = 0;  // Conflict on double allocation
  virtual void update_audit(const Audit& audit) = 0;
  virtual std::vector<Audit> audits_in(Month month) = 0;
  // The audits of `month` (withdrawn included) by id, each with its child's
  // case reference, team and legal status and the names above: one query
  // whatever the month's size.
  virtual std::vector<AuditListing> audit_listings_in(Month month) = 0;
  virtual std::optional<Audit> find_audit(Id id) = 0;

  virtual Id insert_pairing(const Pairing& pairing) = 0;
  virtual void update_pairing(const Pairing& pairing) = 0;
  virtual std::vector<Pairing> pairings_for(Month period) = 0;
};

}  // namespace caseaudit
