// Availability: who can audit and who can moderate in one month, from the
// staff, their exemptions and the policy alone. Cheaper than a Roster (no
// children, no history), so the reports can ask it of every month they count.
//
// Holds pointers into the exemptions, which must outlive it and not change
// meanwhile; copies the policy. Immutable after construction, so safe
// to share between threads.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"

namespace caseaudit {

class Availability {
 public:
  Availability(const std::vector<Staff>& staff, const std::vector<Exemption>& exemptions,
               Month month, const Policy& policy);

  // Why the auditor cannot audit this month, or nothing when available
  // (active, trained, not exempt, on rota, quota > 0).
  std::optional<std::string> unavailable_reason(const Staff& staff) const;
  // Available auditors, by id.
  const std::vector<Id>& available_auditors() const { return available_; }

  // Internal moderation capacity this month: 0 for external moderators, when
  // off the moderation rota, or when exempt (other than kModerating, which
  // exempts from auditing in order to moderate).
  int moderation_capacity(const Staff& staff) const;
  // Internal moderators with capacity this month, by id.
  const std::vector<Id>& moderators() const { return moderators_; }

 private:
  bool exempt(Id staff_id, bool for_moderation) const;

  Month month_;
  Policy policy_;
  std::unordered_map<Id, std::vector<const Exemption*>> exemptions_;
  std::vector<Id> available_;
  std::vector<Id> moderators_;
};

}  // namespace caseaudit
