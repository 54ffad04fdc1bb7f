// Directory: look-ups over one Authority snapshot, and the management chain
// that reminders climb (team manager -> service manager -> head of service
// -> director).
//
// Keeps a reference to the Authority, which must outlive it and not change.
// Thread-compatible (const after construction).
#pragma once

#include <optional>
#include <unordered_map>

#include "scheduler/model.h"
#include "scheduler/reminders/policy.h"

namespace caseaudit {

class Directory {
 public:
  explicit Directory(const Authority& authority);

  const Authority& authority() const { return authority_; }
  // nullptr when there is no such record.
  const Staff* staff(Id id) const { return find(staff_, id); }
  const Team* team(Id id) const { return find(teams_, id); }
  const Service* service(Id id) const { return find(services_, id); }
  const Child* child(Id id) const { return find(children_, id); }
  const Audit* audit(Id id) const { return find(audits_, id); }

  // Who holds `rung` for a team: its team manager, its service's service
  // manager, head of service or director. kOwner and kLineManager have no
  // meaning for a team and give nullopt.
  std::optional<Id> for_team(Id team_id, Rung rung) const;

  // Who holds `rung` above a member of staff. kLineManager is their line
  // manager; the other rungs come from their team when they have one, else
  // from the first person up their line-management chain with that role.
  // kOwner is the person themself.
  std::optional<Id> for_staff(Id staff_id, Rung rung) const;

  // "Jane Smith", or "staff #12" when unknown (templates never show blanks).
  std::string name_of(Id staff_id) const;
  std::string team_name(Id team_id) const;

 private:
  template <typename T>
  static const T* find(const std::unordered_map<Id, const T*>& map, Id id) {
    const auto it = map.find(id);
    return it == map.end() ? nullptr : it->second;
  }
  std::optional<Id> up_the_line(Id staff_id, Role role) const;

  const Authority& authority_;
  std::unordered_map<Id, const Staff*> staff_;
  std::unordered_map<Id, const Team*> teams_;
  std::unordered_map<Id, const Service*> services_;
  std::unordered_map<Id, const Child*> children_;
  std::unordered_map<Id, const Audit*> audits_;
};

}  // namespace caseaudit
