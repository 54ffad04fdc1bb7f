#include "daemon/allocation_job.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "scheduler/errors.h"

namespace auditd::daemon {
namespace {

// A Conflict means a concurrent instance wrote first; the re-run then finds
// its job_runs row and does nothing.
template <typename Result, typename Work>
Result once_retrying_conflict(Store& store, Work work) {
  try {
    return store.transact_result<Result>(work);
  } catch (const Conflict&) {
    return store.transact_result<Result>(work);
  }
}

}  // namespace

AllocationJob::AllocationJob(Store& store, const AllocationService& service,
                             const Calendar& calendar, const date::time_zone* zone,
                             CommitSchedule schedule, std::string actor)
    : store_(store),
      service_(service),
      calendar_(calendar),
      zone_(zone),
      schedule_(schedule),
      actor_(std::move(actor)) {
  if (zone_ == nullptr) throw ProgramError("AllocationJob: no time zone");
  if (schedule_.working_day < 1) throw ProgramError("AllocationJob: working_day < 1");
}

Instant AllocationJob::commit_instant(Month month) const {
  Date day =
      calendar_.add_working_days(calendar_.first_working_day(month), schedule_.working_day - 1);
  return at_local(day, schedule_.hour, schedule_.minute, zone_);
}

TickResult AllocationJob::tick(Instant now) const {
  TickResult result;
  Month month = Month::of(to_local(now, zone_).date);
  if (now < commit_instant(month)) return result;
  // Pairings first: the allocation gives each audit the auditor's moderator.
  if (service_.pairing_policy().is_period_month(month)) result.rotated = rotate_once(month, now);
  result.allocated = allocate_once(month, now);
  return result;
}

std::optional<RotationOutcome> AllocationJob::rotate_once(Month month, Instant now) const {
  return once_retrying_conflict<std::optional<RotationOutcome>>(
      store_, [&](Transaction& tx) -> std::optional<RotationOutcome> {
        if (!tx.record_job_run(kRotateJob, month.to_string(), now)) return std::nullopt;
        RotationOutcome outcome = service_.rotate_pairings_in(tx, month, actor_, now, false);
        spdlog::info("pairings {}: {}", month.to_string(),
                     outcome.already_rotated
                         ? std::string("already rotated")
                         : std::to_string(outcome.pairings.size()) + " pairings stored");
        return outcome;
      });
}

std::optional<AllocationOutcome> AllocationJob::allocate_once(Month month, Instant now) const {
  return once_retrying_conflict<std::optional<AllocationOutcome>>(
      store_, [&](Transaction& tx) -> std::optional<AllocationOutcome> {
        if (!tx.record_job_run(kAllocateJob, month.to_string(), now)) return std::nullopt;
        if (auto run = tx.find_run(month); run && run->status == MonthStatus::kClosed) {
          spdlog::warn("allocation {}: the month is closed; not allocated", month.to_string());
          return std::nullopt;
        }
        AllocationOutcome outcome = service_.commit_in(tx, month, std::nullopt, actor_, now);
        spdlog::info("allocation {}: {} audits added ({} already committed)", month.to_string(),
                     outcome.added, outcome.already_committed);
        for (const std::string& sentence : outcome.result.shortfalls.summary) {
          spdlog::warn("allocation {}: {}", month.to_string(), sentence);
        }
        return outcome;
      });
}

}  // namespace auditd::daemon
