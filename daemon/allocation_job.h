// AllocationJob: the daemon's monthly allocation and six-monthly pairing
// rotation, run from the serve loop's timer.
//
// Hook-up (serve): after the database is migrated, build
//   AllocationService service(store, calendar, allocation_policy(config.allocation),
//                             pairing_policy(config.pairing));
//   AllocationJob job(store, service, calendar, date::locate_zone(config.time.zone),
//                     commit_schedule(config.allocation));
// (daemon/allocation_policy.h), keep both for the life of the loop, and call
// job.tick(clock.now()) from a periodic timer (once a minute is plenty). It
// logs what it did; catch and log any exception (a DatabaseUnavailable is
// simply retried by the next tick).
//
// At or after the commit instant of the current month (the configured
// working day, at the configured local time, in the configured zone) tick()
// first rotates the pairings when the month is a rotation month (job
// "rotate-pairings"), then commits the month's allocation (job "allocate").
// Each is recorded in job_runs IN THE SAME TRANSACTION as its work, so a
// restart, a retry or a second instance never does it twice, and a daemon
// that was down at the commit instant catches up on its first tick after it.
// Only the current month is caught up: a month missed entirely is left to
// the coordinator (`auditd allocate --month`).
//
// Thread-compatible: tick() from one thread (the timer's) at a time.
#pragma once

#include <optional>
#include <string>

#include "daemon/allocation_service.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"
#include "scheduler/store.h"

namespace date {
class time_zone;
}

namespace auditd::daemon {

// When the month is committed: the n-th working day, at hour:minute local.
struct CommitSchedule {
  int working_day = 1;  // 1 = first working day
  int hour = 7;
  int minute = 0;
};

struct TickResult {
  std::optional<RotationOutcome> rotated;      // set when this tick rotated the pairings
  std::optional<AllocationOutcome> allocated;  // set when this tick committed the month
  bool did_something() const { return rotated || allocated; }
};

class AllocationJob {
 public:
  static constexpr const char* kAllocateJob = "allocate";
  static constexpr const char* kRotateJob = "rotate-pairings";

  // All references must outlive the job. Precondition: zone != nullptr,
  // working_day >= 1 (ProgramError otherwise).
  AllocationJob(Store& store, const AllocationService& service, const Calendar& calendar,
                const date::time_zone* zone, CommitSchedule schedule, std::string actor = "daemon");

  // Does whatever is due at `now` and not yet recorded; returns what it did.
  // Throws what the store and the service throw.
  TickResult tick(Instant now) const;

  // The commit instant of `month` (UTC).
  Instant commit_instant(Month month) const;

 private:
  std::optional<RotationOutcome> rotate_once(Month month, Instant now) const;
  std::optional<AllocationOutcome> allocate_once(Month month, Instant now) const;

  Store& store_;
  const AllocationService& service_;
  const Calendar& calendar_;
  const date::time_zone* zone_;
  CommitSchedule schedule_;
  std::string actor_;
};

}  // namespace auditd::daemon
