// JobLedger: which periodic job ran for which period (Transaction::jobs()).
// Recording in the same transaction as the job's work makes every periodic
// job run at most once, across restarts and instances.
#pragma once

#include <string>

#include "scheduler/clock.h"

namespace caseaudit {

class JobLedger {
 public:
  virtual ~JobLedger() = default;

  // Records that `job` ran for `period` ("allocate", "2027-02"). Returns
  // false, changing nothing, when that (job, period) is already recorded: the
  // caller then does nothing.
  virtual bool record_run(const std::string& job, const std::string& period, Instant at) = 0;
  virtual bool ran(const std::string& job, const std::string& period) = 0;
};

// A JobLedger forwarding to another, for partial doubles.
class JobLedgerWrapper : public JobLedger {
 public:
  explicit JobLedgerWrapper(JobLedger& target) : target_(target) {}
  bool record_run(const std::string& job, const std::string& period, Instant at) override {
    return target_.record_run(job, period, at);
  }
  bool ran(const std::string& job, const std::string& period) override {
    return target_.ran(job, period);
  }

 private:
  JobLedger& target_;
};

}  // namespace caseaudit
