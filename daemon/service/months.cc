#include "daemon/service/months.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

constexpr const char* kNilReturn = "nil_return";

// Where an audit counts: a nil return is no longer waiting to be audited.
std::string standing_of(const Audit& audit) {
  if (audit.status == AuditStatus::kAllocated && audit.outcome == AuditOutcome::kNilReturn) {
    return kNilReturn;
  }
  return std::string(to_string(audit.status));
}

}  // namespace

MonthStanding month_standing(const ServiceContext& services, Month month) {
  return services.store.read_result<MonthStanding>([&](Transaction& tx) {
    MonthStanding standing{.month = month, .run = tx.allocation().find_run(month)};
    for (AuditStatus status : all_values<AuditStatus>()) {
      standing.audits[std::string(to_string(status))] = 0;
    }
    standing.audits[kNilReturn] = 0;
    for (const Audit& audit : tx.allocation().audits_in(month))
      ++standing.audits[standing_of(audit)];
    return standing;
  });
}

AllocationRun set_month_looped(const ServiceContext& services, const Caller& caller, Month month,
                               bool looped) {
  return services.store.transact_result<AllocationRun>([&](Transaction& tx) {
    const std::optional<AllocationRun> before = tx.allocation().find_run(month);
    if (before && before->status != MonthStatus::kPlanned) {
      throw Conflict(fmt::format("looped: month {} is already {}; a month is set looped or not "
                                 "before its commit",
                                 month.to_string(), to_string(before->status)),
                     "looped");
    }
    if (before && before->looped == looped) return *before;
    AllocationRun after =
        before.value_or(AllocationRun{.month = month,
                                      .status = MonthStatus::kPlanned,
                                      .seed = AllocationService::default_seed(month)});
    after.looped = looped;
    if (before) {
      tx.allocation().update_run(after);
    } else {
      after.id = tx.allocation().insert_run(after);
    }
    log_change(tx, caller, "allocation.mode", "allocation_run", month.to_string(),
               before ? to_json(*before) : boost::json::value(nullptr), to_json(after));
    return after;
  });
}

}  // namespace caseaudit::daemon
