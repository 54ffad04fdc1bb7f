// SnapshotEmailJob: the monthly performance snapshot (scheduler/reporting/
// performance_snapshot.h) emailed to leaders on the first working day after
// a month closes, run from the serve loop's timer.
//
// tick(now) considers the two months before the current one (local). A
// month is due when it is closed, its report figures were frozen at the
// close (so a month closed before the figures were kept, or a history
// loaded closed, is never mailed), and the send day has come: the first
// working day after the local day of its close (the change log's
// "allocation.close"). A due month's snapshot, as the reports read it (the
// frozen figures, late returns beside them), goes to every recipient
// (`[reports] snapshot_recipients`: everyone active in a role, and
// mailboxes) as one email each (kind performance_snapshot, dedup key
// "performance_snapshot:YYYY-MM:<address>"), enqueued IN THE SAME
// TRANSACTION as recording job "snapshot-email" for the month, so a restart,
// a retry or a second instance never sends it twice, and a daemon that was
// down on the send day catches up on its first tick after.
//
// Thread-compatible: tick() from one thread (the timer's) at a time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "notifier/templates.h"
#include "scheduler/allocation/policy.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"
#include "scheduler/reporting/report_targets.h"
#include "scheduler/store.h"

namespace date {
class time_zone;
}

namespace caseaudit::daemon {

struct SnapshotEmailSettings {
  // Roles ("director", "head_of_service", "service_manager") and mailboxes
  // ("Board <board@council.example>"), as [reports] snapshot_recipients.
  std::vector<std::string> recipients{"director", "head_of_service"};
  ReportTargets targets;
  std::string signature = "Quality Assurance team";
  // The console's public base URL ("https://caseaudit.council.example"),
  // asked when an email is composed (the daemon knows its port late).
  std::function<std::string()> public_url;
};

class SnapshotEmailJob {
 public:
  static constexpr const char* kJob = "snapshot-email";

  // All references must outlive the job. Precondition: zone != nullptr and
  // settings.public_url set (ProgramError otherwise).
  SnapshotEmailJob(Store& store, const Calendar& calendar, const date::time_zone* zone,
                   const Policy& policy, SnapshotEmailSettings settings,
                   notifier::TemplateSet templates);

  // Sends each due month's snapshot not yet sent; returns the months sent
  // (oldest first). Throws what the store throws.
  std::vector<Month> tick(Instant now) const;

  // The day a snapshot is sent for a month closed at `closed`.
  Date send_day(Instant closed) const;

 private:
  bool due(Month month, Date today) const;
  bool send_once(Month month, Instant now) const;

  Store& store_;
  const Calendar& calendar_;
  const date::time_zone* zone_;
  const Policy& policy_;
  SnapshotEmailSettings settings_;
  notifier::TemplateSet templates_;
};

}  // namespace caseaudit::daemon
