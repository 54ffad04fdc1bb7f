// The month of the audit cycle as a whole: its run's state and how its audits
// stand, for GET /v1/months/{month} and the console.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// How a month stands: its run (nullopt before anything is stored for it)
// and its audits counted by where they are. An allocated audit that the
// close recorded as a nil return counts under "nil_return", not "allocated";
// every other audit under its status name. Every key is present (0 when
// none): the audit statuses and "nil_return".
struct MonthStanding {
  Month month;
  std::optional<AllocationRun> run;
  std::map<std::string, int> audits;
};

// One read-only transaction.
MonthStanding month_standing(const ServiceContext& services, Month month);

// Sets whether `month` is run looped (every child audited independently by
// two auditors), before its commit: stores it on the month's planned run
// (made with the default seed when there is none), which the preview and the
// commit then use. Conflict naming "looped" once the month is committed or
// closed. Logs "allocation.mode" (record allocation_run / YYYY-MM) with the
// run before and after; setting what is already set changes and logs
// nothing. Returns the run as stored.
AllocationRun set_month_looped(const ServiceContext& services, const Caller& caller, Month month,
                               bool looped);

}  // namespace caseaudit::daemon
