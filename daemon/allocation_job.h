// AllocationJob: the daemon's monthly allocation and six-monthly pairing
// rotation, run from the serve loop's timer.
//
// Hook-up (serve): after the database is migrated, build
//   AllocationService service(store, calendar, allocation_policy(config.allocation),
//                             pairing_policy(config.pairing));
//   AllocationJob job(store, service, calendar, date::locate_zone(config.time.zone),
//                     commit_schedule(config.allocation));
//   job.set_preview_templates(<the site's TemplateSet>, config.notifier.signature);
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
// the coordinator (`caseaudit allocate --month`).
//
// Approve mode (schedule.approve set, config [allocation] mode = "approve"):
// the daemon never commits. At or after the PREVIEW instant of a month (its
// commit day minus `working_days_before` working days, at the commit time;
// usually late in the month before) tick() rotates the pairings when the
// month is a rotation month (so the preview and the coordinator's commit see
// the new pairings), then computes the month's preview and enqueues one email
// to the QA team (kind allocation_preview, dedup key
// "allocation_preview:YYYY-MM") IN THE SAME TRANSACTION as recording job
// "allocation-preview", so it is sent once. The coordinator's `caseaudit
// allocate --month YYYY-MM` is the approval. The current and the next month
// are considered, so a daemon that was down catches up; a month that already
// has a run (committed early) or is closed is recorded and not previewed,
// and so is one whose commit instant has passed (the daemon was down): a
// preview asking for approval by a deadline already past helps nobody; the
// log says to commit with `caseaudit allocate --month`.
//
// An empty authority (no active staff, or no open child: a fresh install):
// nothing is rotated, committed or previewed, and nothing is recorded, so
// the month is done once the data is there. The job logs why once and
// leaves it as the note "allocation" (set_notes), which /readyz shows.
//
// Thread-compatible: tick() from one thread (the timer's) at a time.
#pragma once

#include <optional>
#include <string>

#include "daemon/job_notes.h"
#include "daemon/service/allocation_service.h"
#include "notifier/email.h"
#include "notifier/templates.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"
#include "scheduler/store.h"

namespace date {
class time_zone;
}

namespace caseaudit::daemon {

// Approve mode: who is sent the preview, and how early.
struct ApprovalSchedule {
  int working_days_before = 3;  // >= 1: before the commit day, at the commit time
  notifier::Mailbox qa_team;    // the preview's recipient
};

// When the month is committed: the n-th working day, at hour:minute local.
struct CommitSchedule {
  int working_day = 1;  // 1 = first working day
  int hour = 7;
  int minute = 0;
  std::optional<ApprovalSchedule> approve;  // set: approve mode (see above)
};

struct TickResult {
  std::optional<RotationOutcome> rotated;      // set when this tick rotated the pairings
  std::optional<AllocationOutcome> allocated;  // set when this tick committed the month
  std::optional<AllocationOutcome> previewed;  // set when this tick emailed a preview
  bool did_something() const { return rotated || allocated || previewed; }
};

class AllocationJob {
 public:
  static constexpr const char* kAllocateJob = "allocate";
  static constexpr const char* kRotateJob = "rotate-pairings";
  static constexpr const char* kPreviewJob = "allocation-preview";

  // All references must outlive the job. Precondition: zone != nullptr,
  // working_day >= 1, approve->working_days_before >= 1 (ProgramError
  // otherwise). The preview email uses the built-in templates and signature
  // until set_preview_templates().
  AllocationJob(Store& store, const AllocationService& service, const Calendar& calendar,
                const date::time_zone* zone, CommitSchedule schedule, std::string actor = "daemon");

  // The site's templates (config notifier.templates) and signature
  // (notifier.signature) for the approve-mode preview email.
  void set_preview_templates(notifier::TemplateSet templates, std::string signature);

  // Where the job leaves its note "allocation" (nothing to allocate, and
  // why), for /readyz's detail; must outlive the job. Without it the job
  // still logs the note once.
  void set_notes(JobNotes* notes) { notes_ = notes; }

  // Does whatever is due at `now` and not yet recorded; returns what it did.
  // Throws what the store and the service throw.
  TickResult tick(Instant now) const;

  // The commit instant of `month` (UTC).
  Instant commit_instant(Month month) const;
  // Approve mode: the preview instant of `month` (UTC). Precondition:
  // schedule.approve is set (ProgramError otherwise).
  Instant preview_instant(Month month) const;

 private:
  Date commit_day(Month month) const;
  TickResult tick_approve(Month current, Instant now) const;
  std::optional<RotationOutcome> rotate_once(Month month, Instant now) const;
  std::optional<AllocationOutcome> allocate_once(Month month, Instant now) const;
  std::optional<AllocationOutcome> preview_once(Month month, Instant now) const;
  bool nothing_to_do(Month month, const char* job) const;
  OutboxMessage preview_message(const AllocationOutcome& outcome, Instant now) const;

  Store& store_;
  const AllocationService& service_;
  const Calendar& calendar_;
  const date::time_zone* zone_;
  CommitSchedule schedule_;
  std::string actor_;
  notifier::TemplateSet templates_;
  std::string signature_ = "Quality Assurance team";
  JobNotes* notes_ = nullptr;
  // Without notes_: the job's own, so that a note is still logged once.
  mutable JobNotes own_notes_;
};

}  // namespace caseaudit::daemon
