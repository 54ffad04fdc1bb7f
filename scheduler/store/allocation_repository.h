// AllocationRepository: the months' runs, their audits and the pairings
// (Transaction::allocation()). Child and auditor slots in the schema make a
// double allocation a Conflict.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

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
  virtual std::optional<Audit> find_audit(Id id) = 0;

  virtual Id insert_pairing(const Pairing& pairing) = 0;
  virtual void update_pairing(const Pairing& pairing) = 0;
  virtual std::vector<Pairing> pairings_for(Month period) = 0;
};

}  // namespace caseaudit
