// MonthFiguresRepository: the report figures of closed months, frozen when
// each closes (Transaction::figures()), so that the leaders' reports give
// the same numbers for a closed month whatever happens after its close.
// Each month's are stored once, with their layout's version
// (MonthFigures::kSchemaVersion) and the instant they were frozen.
#pragma once

#include <map>

#include "scheduler/clock.h"
#include "scheduler/month.h"
#include "scheduler/reporting/month_figures.h"

namespace caseaudit {

class MonthFiguresRepository {
 public:
  virtual ~MonthFiguresRepository() = default;

  // Stores `figures` as frozen at `at`; Conflict when the month's figures are
  // stored already (they never change).
  virtual void freeze_figures(const MonthFigures& figures, Instant at) = 0;
  // The frozen figures of the months from `first` to `last` (inclusive).
  // RuntimeFailure naming the month for figures of a layout version this
  // binary does not know.
  virtual std::map<Month, MonthFigures> frozen_figures(Month first, Month last) = 0;
};

}  // namespace caseaudit
