// Cases of concern: raise one from an audit, record the head of service's
// monthly update, resolve it.
//
// Who is told, and when, follows from the stored state (rules concern_raised,
// concern_update, concern_long_open). A category 1 concern must reach the
// head of service and the director at once, even outside the send window: so
// raise_concern runs the rules' urgent pass inside the raise's own
// transaction (ServiceContext::enqueue_urgent), putting their emails in the
// outbox with the concern, and after the commit wakes the daemon
// (ServiceContext::wake_reminders) to send them instead of waiting for the
// delivery job's next turn.
//
// Each operation is one Store transaction with its change-log row (the
// caller's actor and instant); a refused one throws before anything is
// written, naming the field and the rule. Dates default to the caller's
// local day and are never in the future (RuleViolation naming the field).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// A concern with what a reader needs besides its ids.
struct ConcernView {
  Concern concern;
  std::string case_reference;
  std::vector<ConcernUpdate> updates;
};

// Someone the concern_raised rule will tell.
struct ConcernRecipient {
  std::string role;  // "head of service", "director"
  Id staff_id = 0;
};

struct RaisedConcern {
  ConcernView view;
  std::vector<ConcernRecipient> notify;
  // What stands in the way of telling them (a missing or unreachable head of
  // service or director): the concern is stored all the same, since refusing
  // it would lose it, and the coordinator hears of it.
  std::vector<std::string> warnings;
  // Category 1 with an enqueue_urgent hook: the items it told.
  std::optional<int> urgent_emails_enqueued;
  // Category 2 on a child with an open category 1: says so, in words (the
  // category 2 email says so too).
  std::optional<std::string> open_category_1;
};

struct NewConcern {
  Id audit_id = 0;
  // As given: 1 (immediate risk of significant harm) or 2 (service not right
  // for the child's needs), else InputError.
  std::int64_t category = 2;
  std::optional<Date> raised_on;  // default: the caller's local day
};

// Raises a concern about the audit's child. InputError naming "category"
// unless 1 or 2; NotFound naming "audit_id"; RuleViolation naming
// "audit_id" for a withdrawn audit or one not graded yet (a concern needs a
// graded audit: submitted or moderated), "raised_on" for a date in the future or
// before the audit's month; Conflict when the child already has an open
// concern of the same category (category 1 over an open category 2 is an
// escalation and goes through). Logs "concern.raise"; for category 1,
// enqueues the urgent emails in the same transaction and wakes the
// reminders after the commit. An audit awaiting classification (Inadequate,
// not yet classified) is classified by it as the concern's category (logs
// "audit.classify").
RaisedConcern raise_concern(const ServiceContext& services, const Caller& caller,
                            const NewConcern& concern);

// raise_concern's work inside the caller's transaction (for the
// classification of an audit); the caller wakes the reminders after the
// commit for a category 1.
RaisedConcern raise_concern_in(const ServiceContext& services, Transaction& tx,
                               const Caller& caller, const NewConcern& concern);

// Records `update` (its concern_id, month, note, recorded_by) on an open
// concern: RuleViolation naming "month" for a month not yet begun or before
// the concern was raised; NotFound naming "recorded_by" for unknown staff;
// Conflict naming "month" when the month has its update already; Conflict
// when the concern is resolved. Logs "concern.monthly_update"; returns the
// stored update with its id.
ConcernUpdate record_concern_update(const ServiceContext& services, const Caller& caller,
                                    const ConcernUpdate& update);
// The same inside the caller's transaction (the emailed link's).
ConcernUpdate record_concern_update_in(Transaction& tx, const ServiceContext& services,
                                       const Caller& caller, const ConcernUpdate& update);

// The longest resolution note kept, in bytes.
inline constexpr std::size_t kMaxResolutionNote = 4000;

struct Resolution {
  ConcernResolution reason = ConcernResolution::kChildSafe;
  std::string note;                 // required (not blank) for kOther
  std::optional<Date> resolved_on;  // default: the caller's local day
};

// Resolves an open concern for `resolution.reason` on its resolved_on
// (RuleViolation naming "resolved_on" when in the future or before the
// concern was raised; "note" when blank for another reason, or longer than
// kMaxResolutionNote); Conflict when already resolved. Logs
// "concern.resolve".
ConcernView resolve_concern(const ServiceContext& services, const Caller& caller, Id concern_id,
                            const Resolution& resolution);
// The same inside the caller's transaction (the emailed link's).
ConcernView resolve_concern_in(Transaction& tx, const ServiceContext& services,
                               const Caller& caller, Id concern_id, const Resolution& resolution);

}  // namespace caseaudit::daemon
