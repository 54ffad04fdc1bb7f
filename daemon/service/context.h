// ServiceContext: what every service operation runs with, built once by the
// wiring (daemon/wiring.h) for serve, every CLI command and the tests. The
// front doors (the JSON API, the CLI, the console) hold a reference to it
// and call the operations in daemon/service/; they never reach the store
// themselves for a write.
//
// Everything referenced outlives the context. Thread-safe to share: the
// referenced objects are (Store, Clock, Calendar, AllocationService), and the
// hooks are set before any front door starts.
#pragma once

#include <date/tz.h>

#include <functional>
#include <string>
#include <vector>

#include "daemon/service/allocation_service.h"
#include "scheduler/audit_domains.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"
#include "scheduler/reporting/report_targets.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct PersonEmail;  // daemon/service/person_email.h

struct ServiceContext {
  Store& store;
  const Clock& clock;
  const Calendar& calendar;
  const date::time_zone* zone;  // the authority's (Europe/London)
  AllocationService& allocation;
  // Asks the daemon to run the reminder rules (and then delivery) soon,
  // instead of at their next turn: after a write that makes something due at
  // once (a category 1 concern). Thread-safe; returns at once. May be empty
  // (CLI, tests): then the next periodic run picks it up.
  std::function<void()> wake_reminders;
  // Enqueues, in `tx`, the urgent (category 1) emails now due, returning how
  // many items it told: called inside the transaction of a write that makes
  // one due, so the emails commit or roll back with it. May be empty (tests):
  // then the woken reminder job sends them.
  std::function<int(Transaction& tx, Instant at)> enqueue_urgent;
  // Enqueues, in `tx`, an email to one person that a write causes
  // (person_email.h: person_email_sender() makes it), so it commits or rolls
  // back with the write. May be empty (CLI, tests that do not read mail):
  // then the write sends nothing.
  std::function<void(Transaction& tx, const PersonEmail& email, Instant at)> enqueue_email;
  // The domains a submission may grade ([audit] domains): matched without
  // case, stored in this spelling.
  std::vector<std::string> audit_domains = default_audit_domains();
  // The leaders' reports' targets ([reports], the stretch target from
  // [allocation] team_target).
  ReportTargets report_targets;
};

}  // namespace caseaudit::daemon
