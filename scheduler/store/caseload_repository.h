// CaseloadRepository: the children's records, keyed by case reference
// (Transaction::caseload()). Case references and flags only, never a name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

class CaseloadRepository {
 public:
  virtual ~CaseloadRepository() = default;

  // Inserts, or updates the child with the same case reference; returns its id.
  virtual Id upsert_child(const Child& child) = 0;
  virtual std::optional<Child> find_child_by_reference(const std::string& case_reference) = 0;
  virtual std::optional<Child> find_child(Id id) = 0;
  // The children with an audit (withdrawn included) in `month`, by id: one
  // query for what the month's audit list shows beside each audit.
  virtual std::vector<Child> children_audited_in(Month month) = 0;
  // The children with a case of concern, open or resolved (by id).
  virtual std::vector<Child> children_with_concerns() = 0;
};

}  // namespace caseaudit
