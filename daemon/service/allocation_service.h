// AllocationService: the stored lifecycle of the monthly allocation and the
// six-monthly pairing rotation, over the pure solvers of scheduler/allocation.
//
// Every operation is one Store transaction that reads a consistent snapshot,
// runs a solver and (unless it is a preview or dry run) writes what the
// solver returned, with a change-log record, before it commits. Operations
// are idempotent: committing a month again adds only audits for auditors who
// became available since; rotating a period that already has pairings
// changes nothing. Two concurrent commits are kept apart by the database's
// unique keys: the loser gets Conflict, re-runs once, and then adds nothing.
//
// Thread-safe when the Store is: the service holds no mutable state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/allocation/allocate.h"
#include "scheduler/allocation/pairing.h"
#include "scheduler/allocation/policy.h"
#include "scheduler/allocation/withdraw.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

// A coordinator's pin as the command line names it: the auditor by email,
// the child by case reference. Resolved to a Pin inside the operation's
// transaction (NotFound naming an unknown email or reference).
struct PinRequest {
  std::string auditor_email;
  std::string case_reference;
  std::string reason;  // why the coordinator pinned it; stored on the audit
};

// What an allocation did (or, for a preview, would do).
struct AllocationOutcome {
  Month month;
  std::uint64_t seed = 0;
  bool looped = false;
  bool committed = false;     // false for a preview
  int added = 0;              // audits written by this call (0 for a preview)
  int already_committed = 0;  // the month's audits (not withdrawn) before this call
  AllocationResult result;    // result.audits: the new audits, with ids once committed
  Authority snapshot;         // as read before the solver ran (names for reports)
  std::vector<Pin> pins;      // the resolved pins the solver honoured
  int pairings_repaired = 0;  // joiners paired, a leaver's auditors re-paired (commit only)
};

// What closing a month did.
struct CloseOutcome {
  Month month;
  bool already_closed = false;
  int nil_returns = 0;  // audits not submitted by the close, now recorded as nil returns
};

// What a pairing rotation did (or would do, in a dry run).
struct RotationOutcome {
  Month period;
  bool dry_run = false;
  bool already_rotated = false;   // the period had pairings: nothing changed
  std::vector<Pairing> pairings;  // the period's pairings (stored ones when already rotated)
  PairingResult result;           // the solver's result (empty when already rotated)
  Authority snapshot;
};

struct WithdrawOutcome {
  WithdrawResult result;  // ids filled in once written
  Authority snapshot;
};

// Returns `month` when it is one of `policy`'s rotation months; else throws
// InputError naming `field` and listing the rotation months.
Month rotation_period(const PairingPolicy& policy, Month month, std::string_view field = "period");

// The one closed-month check of every operation that changes a month's
// audits (allocation, withdrawal, reassignment, submission): returns the
// month's run read in `tx` (nullopt when it was never allocated); throws
// Conflict "month YYYY-MM is closed" naming "month" when it is closed.
std::optional<AllocationRun> require_open_month(Transaction& tx, Month month);

// Why `authority` has nothing to allocate or pair at all, in words: no
// active staff, or no open child in the caseload (a fresh install, before
// the imports); nullopt when it has both. The allocation job then does
// nothing, rather than commit an empty month or rotate no pairings.
std::optional<std::string> nothing_to_allocate(const Authority& authority);

class AllocationService {
 public:
  // `store` and `calendar` must outlive the service. Throws InputError (the
  // setting named) when either policy fails its validate().
  AllocationService(Store& store, const Calendar& calendar, Policy policy,
                    PairingPolicy pairing_policy);

  // The seed used when none is given and the month has no stored run:
  // year * 100 + month, so re-runs are stable and readable.
  static std::uint64_t default_seed(Month month);

  // One read-only transaction (Store::read: never the writer's lock): what
  // commit() would add now. `seed` defaults to the stored run's seed, else
  // default_seed(month). `pins` are resolved in the transaction (NotFound
  // naming an unknown email, matched case-insensitively, or an unknown case
  // reference) and honoured first (RuleViolation when one breaks a hard
  // rule). Conflict "month YYYY-MM is closed" as commit(). The month is
  // looped as its committed run is; before the commit, as `looped` says,
  // else as the coordinator set it (a planned run: set_month_looped in
  // daemon/service/months.h), else the policy's default.
  AllocationOutcome preview(Month month, std::optional<std::uint64_t> seed = std::nullopt,
                            const std::vector<PinRequest>& pins = {},
                            std::optional<bool> looped = std::nullopt) const;
  // preview()'s work inside the caller's transaction (for the approve-mode
  // job, which records itself and enqueues the preview email in it). Writes
  // nothing.
  AllocationOutcome preview_in(Transaction& tx, Month month,
                               std::optional<std::uint64_t> seed = std::nullopt,
                               const std::vector<PinRequest>& pins = {},
                               std::optional<bool> looped = std::nullopt) const;

  // One transaction: creates (or keeps) the month's run, adds the audits the
  // solver returns in ensure mode (pinned ones carry their pin_reason), logs
  // the change with `actor`. A committed run's seed wins over `seed`; a
  // planned run (the looped mode set before the commit) becomes the
  // committed one, looped as set. Throws
  // Conflict "month YYYY-MM is closed"; NotFound / RuleViolation for a bad
  // pin, as preview(), with nothing written.
  AllocationOutcome commit(Month month, std::optional<std::uint64_t> seed, const std::string& actor,
                           Instant at, const std::vector<PinRequest>& pins = {}) const;

  // commit()'s work inside the caller's transaction (for jobs that record
  // themselves in the same transaction). The caller handles Conflict.
  AllocationOutcome commit_in(Transaction& tx, Month month, std::optional<std::uint64_t> seed,
                              const std::string& actor, Instant at,
                              const std::vector<PinRequest>& pins = {}) const;

  // On a rotation month: computes the period's pairings and, unless
  // `dry_run`, stores them in one transaction with a change-log record. A
  // period that already has pairings is left as it is (already_rotated).
  RotationOutcome rotate_pairings(Month period, const std::string& actor, Instant at,
                                  bool dry_run) const;
  RotationOutcome rotate_pairings_in(Transaction& tx, Month period, const std::string& actor,
                                     Instant at, bool dry_run) const;

  // Withdraws audit `audit_id` (typically after a late exemption of its
  // auditor): the child goes to another available auditor without an audit
  // this month, or back to the pool; nothing else moves. NotFound for an
  // unknown or already withdrawn audit; Conflict when its month is closed.
  WithdrawOutcome withdraw(Id audit_id, const std::string& reason, const std::string& actor,
                           Instant at) const;
  // withdraw()'s work inside the caller's transaction, so that what caused
  // the withdrawal (an exemption) commits or fails with it. The caller
  // handles Conflict.
  WithdrawOutcome withdraw_in(Transaction& tx, Id audit_id, const std::string& reason,
                              const std::string& actor, Instant at) const;

  // Closes `month` at its end: the run becomes closed (no more allocation;
  // reminders and escalations for it stop), and audits still not submitted
  // are recorded as nil returns, and the month's report figures are frozen
  // (scheduler/reporting/month_figures.h: counted as at the month's last
  // day, stored with MonthFiguresRepository), all in one transaction with
  // the change log. Closing a closed month changes nothing (already_closed). NotFound when
  // the month was never allocated (no run, or only a planned one).
  CloseOutcome close_month(Month month, const std::string& actor, Instant at) const;

  // The auditor-to-child network the outcome's allocation solved (its
  // optimum is outcome.result.flow_cost), for --export-dimacs.
  FlowNetwork network(const AllocationOutcome& outcome) const;

  const Policy& policy() const { return policy_; }
  const PairingPolicy& pairing_policy() const { return pairing_policy_; }

 private:
  int repair_period_pairings(Transaction& tx, Month month, const std::string& actor,
                             Instant at) const;
  Policy policy_for(Month month, bool looped) const;

  Store& store_;
  const Calendar& calendar_;
  Policy policy_;
  PairingPolicy pairing_policy_;
};

}  // namespace caseaudit::daemon
