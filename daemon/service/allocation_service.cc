#include "daemon/service/allocation_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <string_view>

#include "scheduler/errors.h"
#include "scheduler/reporting/month_figures.h"

namespace caseaudit::daemon {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

int live_audits(const Authority& snapshot, Month month) {
  return static_cast<int>(
      std::count_if(snapshot.audits.begin(), snapshot.audits.end(), [month](const Audit& audit) {
        return audit.month == month && audit.status != AuditStatus::kWithdrawn;
      }));
}

std::string run_json(const AllocationRun& run, int audits) {
  return boost::json::serialize(boost::json::object{
      {"month", run.month.to_string()},
      {"status", std::string(to_string(run.status))},
      {"seed", run.seed},
      {"looped", run.looped},
      {"audits", audits},
  });
}

// Runs `work` in one transaction; a Conflict (a concurrent writer took a
// unique key first) re-runs it once, and the re-run sees that writer's rows.
template <typename Result, typename Work>
Result transact_retrying_conflict(Store& store, Work work) {
  try {
    return store.transact_result<Result>(work);
  } catch (const Conflict&) {
    return store.transact_result<Result>(work);
  }
}

// Emails compare without regard to ASCII case, as the CSV imports match
// them: "alice@x" names the staff member stored as "Alice@x".
bool same_email(std::string_view a, std::string_view b) {
  auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// The pins' auditors and children by email and case reference in `snapshot`.
std::vector<Pin> resolve_pins(const Authority& snapshot, const std::vector<PinRequest>& requests) {
  std::vector<Pin> pins;
  for (const PinRequest& request : requests) {
    auto staff = std::find_if(snapshot.staff.begin(), snapshot.staff.end(), [&](const Staff& s) {
      return same_email(s.email, request.auditor_email);
    });
    if (staff == snapshot.staff.end()) {
      throw NotFound(
          fmt::format("pin: no staff member has the email \"{}\"", request.auditor_email), "pin");
    }
    auto child =
        std::find_if(snapshot.children.begin(), snapshot.children.end(),
                     [&](const Child& c) { return c.case_reference == request.case_reference; });
    if (child == snapshot.children.end()) {
      throw NotFound(
          fmt::format("pin: no child has the case reference \"{}\"", request.case_reference),
          "pin");
    }
    pins.push_back({.auditor_id = staff->id, .child_id = child->id, .reason = request.reason});
  }
  return pins;
}

// A planned run holds only what the coordinator set before the commit (the
// looped mode); it is not yet an allocation.
bool committed(const std::optional<AllocationRun>& run) {
  return run && run->status != MonthStatus::kPlanned;
}

// The committed run's seed wins; before the commit, the given one, else the
// planned run's, else the default.
std::uint64_t seed_for(const std::optional<AllocationRun>& run, std::optional<std::uint64_t> seed,
                       Month month) {
  if (committed(run)) return run->seed;
  if (seed) return *seed;
  return run ? run->seed : AllocationService::default_seed(month);
}

}  // namespace

std::optional<std::string> nothing_to_allocate(const Authority& authority) {
  const bool staff = std::any_of(authority.staff.begin(), authority.staff.end(),
                                 [](const Staff& s) { return s.active; });
  if (!staff) {
    return "no active staff: import or add the staff (POST /v1/staff, or a CSV import) first";
  }
  const bool children = std::any_of(authority.children.begin(), authority.children.end(),
                                    [](const Child& c) { return c.open; });
  if (!children) {
    return "no open children in the caseload: import the caseload (PUT /v1/children/..., or a "
           "CSV import) first";
  }
  return std::nullopt;
}

std::optional<AllocationRun> require_open_month(Transaction& tx, Month month) {
  std::optional<AllocationRun> run = tx.allocation().find_run(month);
  if (run && run->status == MonthStatus::kClosed) {
    throw Conflict(fmt::format("month {} is closed", month.to_string()), "month");
  }
  return run;
}

AllocationService::AllocationService(Store& store, const Calendar& calendar, Policy policy,
                                     PairingPolicy pairing_policy)
    : store_(store),
      calendar_(calendar),
      policy_(std::move(policy)),
      pairing_policy_(std::move(pairing_policy)) {
  policy_.validate();
  pairing_policy_.validate();
}

std::uint64_t AllocationService::default_seed(Month month) {
  return static_cast<std::uint64_t>(month.year()) * 100 + static_cast<std::uint64_t>(month.month());
}

Month rotation_period(const PairingPolicy& policy, Month month, std::string_view field) {
  if (policy.is_period_month(month)) return month;
  std::vector<std::string> names;
  for (int m : policy.period_months) names.emplace_back(kMonthNames[m - 1]);
  throw InputError(fmt::format("{}: {} is not a pairing rotation month (pairings rotate in {})",
                               field, month.to_string(), fmt::join(names, ", ")),
                   std::string(field));
}

Policy AllocationService::policy_for(Month month, bool looped) const {
  Policy policy = policy_;
  policy.due_date = calendar_.last_working_day(month);
  policy.looped = looped;
  return policy;
}

AllocationOutcome AllocationService::preview(Month month, std::optional<std::uint64_t> seed,
                                             const std::vector<PinRequest>& pins,
                                             std::optional<bool> looped) const {
  return store_.read_result<AllocationOutcome>(
      [&](Transaction& tx) { return preview_in(tx, month, seed, pins, looped); });
}

AllocationOutcome AllocationService::preview_in(Transaction& tx, Month month,
                                                std::optional<std::uint64_t> seed,
                                                const std::vector<PinRequest>& pins,
                                                std::optional<bool> looped) const {
  AllocationOutcome outcome;
  outcome.month = month;
  std::optional<AllocationRun> run = require_open_month(tx, month);
  outcome.seed = seed_for(run, seed, month);
  outcome.snapshot = tx.load_authority();
  outcome.already_committed = live_audits(outcome.snapshot, month);
  outcome.looped =
      committed(run) ? run->looped : looped.value_or(run ? run->looped : policy_.looped);
  outcome.pins = resolve_pins(outcome.snapshot, pins);
  outcome.result = allocate_month(outcome.snapshot, month, policy_for(month, outcome.looped),
                                  outcome.seed, outcome.pins);
  return outcome;
}

AllocationOutcome AllocationService::commit(Month month, std::optional<std::uint64_t> seed,
                                            const std::string& actor, Instant at,
                                            const std::vector<PinRequest>& pins) const {
  return transact_retrying_conflict<AllocationOutcome>(
      store_, [&](Transaction& tx) { return commit_in(tx, month, seed, actor, at, pins); });
}

// Mid-period, before each commit: auditors who joined get the moderator with
// most spare capacity, and the auditors of a moderator who left (inactive, no
// capacity) are re-paired; every other pairing stays as it is. A period that
// was never rotated is left to the rotation.
int AllocationService::repair_period_pairings(Transaction& tx, Month month,
                                              const std::string& actor, Instant at) const {
  const Authority snapshot = tx.load_authority();
  const Month period = pairing_policy_.period_of(month);
  std::map<Id, Pairing> current;
  for (const Pairing& pairing : snapshot.pairings) {
    if (pairing.period == period) current.emplace(pairing.auditor_id, pairing);
  }
  if (current.empty()) return 0;
  int changed = 0;
  for (Pairing pairing : repair_pairings(snapshot, month, pairing_policy_).pairings) {
    const auto existing = current.find(pairing.auditor_id);
    if (existing == current.end()) {
      pairing.id = tx.allocation().insert_pairing(pairing);
    } else if (existing->second.moderator_id != pairing.moderator_id) {
      pairing.id = existing->second.id;
      tx.allocation().update_pairing(pairing);
    } else {
      continue;
    }
    ++changed;
    tx.changes().log(
        {.at = at,
         .actor = actor,
         .action = "pairing.repair",
         .record_type = "pairing",
         .record_id = std::to_string(pairing.id),
         .before_json = existing == current.end() ? ""
                                                  : fmt::format(R"({{"moderator_id":{}}})",
                                                                existing->second.moderator_id),
         .after_json = fmt::format(R"({{"moderator_id":{},"reason":{}}})", pairing.moderator_id,
                                   boost::json::serialize(boost::json::value(pairing.reason)))});
  }
  return changed;
}

AllocationOutcome AllocationService::commit_in(Transaction& tx, Month month,
                                               std::optional<std::uint64_t> seed,
                                               const std::string& actor, Instant at,
                                               const std::vector<PinRequest>& pins) const {
  AllocationOutcome outcome;
  outcome.month = month;
  outcome.committed = true;
  std::optional<AllocationRun> run = require_open_month(tx, month);
  outcome.seed = seed_for(run, seed, month);
  outcome.pairings_repaired = repair_period_pairings(tx, month, actor, at);
  outcome.snapshot = tx.load_authority();
  outcome.already_committed = live_audits(outcome.snapshot, month);
  outcome.pins = resolve_pins(outcome.snapshot, pins);

  AllocationRun before = run.value_or(AllocationRun{.month = month});
  if (!run) {
    run = AllocationRun{.month = month,
                        .status = MonthStatus::kAllocated,
                        .seed = outcome.seed,
                        .looped = policy_.looped};
    run->id = tx.allocation().insert_run(*run);
  }
  outcome.looped = run->looped;
  outcome.result = allocate_month(outcome.snapshot, month, policy_for(month, outcome.looped),
                                  outcome.seed, outcome.pins);
  for (Audit& audit : outcome.result.audits) audit.id = tx.allocation().insert_audit(audit);
  outcome.added = static_cast<int>(outcome.result.audits.size());

  bool status_changed = run->status != MonthStatus::kAllocated;
  run->status = MonthStatus::kAllocated;
  run->seed = outcome.seed;  // a planned run takes the commit's seed
  if (status_changed) tx.allocation().update_run(*run);
  if (outcome.added > 0 || status_changed || before.id == 0) {
    tx.changes().log(
        {.at = at,
         .actor = actor,
         .action = "allocation.commit",
         .record_type = "allocation_run",
         .record_id = month.to_string(),
         .before_json = before.id == 0 ? "" : run_json(before, outcome.already_committed),
         .after_json = run_json(*run, outcome.already_committed + outcome.added)});
  }
  return outcome;
}

CloseOutcome AllocationService::close_month(Month month, const std::string& actor,
                                            Instant at) const {
  return store_.transact_result<CloseOutcome>([&](Transaction& tx) {
    CloseOutcome outcome{.month = month};
    std::optional<AllocationRun> run = tx.allocation().find_run(month);
    if (!committed(run)) {
      throw NotFound(fmt::format("month {} has no allocation to close", month.to_string()),
                     "month");
    }
    if (run->status == MonthStatus::kClosed) {
      outcome.already_closed = true;
      return outcome;
    }
    const std::vector<Audit> audits = tx.allocation().audits_in(month);
    for (Audit audit : audits) {
      if (audit.status != AuditStatus::kAllocated || audit.outcome) continue;
      audit.outcome = AuditOutcome::kNilReturn;
      tx.allocation().update_audit(audit);
      ++outcome.nil_returns;
    }
    const AllocationRun before = *run;
    run->status = MonthStatus::kClosed;
    tx.allocation().update_run(*run);
    tx.figures().freeze_figures(
        count_month_figures(tx.load_authority(), month, policy_, month.last_day()), at);
    const int live = live_audits(Authority{.audits = audits}, month);
    tx.changes().log({.at = at,
                      .actor = actor,
                      .action = "allocation.close",
                      .record_type = "allocation_run",
                      .record_id = month.to_string(),
                      .before_json = run_json(before, live),
                      .after_json = run_json(*run, live)});
    return outcome;
  });
}

FlowNetwork AllocationService::network(const AllocationOutcome& outcome) const {
  return allocation_network(outcome.snapshot, outcome.month,
                            policy_for(outcome.month, outcome.looped), outcome.seed, outcome.pins);
}

RotationOutcome AllocationService::rotate_pairings(Month period, const std::string& actor,
                                                   Instant at, bool dry_run) const {
  rotation_period(pairing_policy_, period);
  return transact_retrying_conflict<RotationOutcome>(
      store_, [&](Transaction& tx) { return rotate_pairings_in(tx, period, actor, at, dry_run); });
}

RotationOutcome AllocationService::rotate_pairings_in(Transaction& tx, Month period,
                                                      const std::string& actor, Instant at,
                                                      bool dry_run) const {
  rotation_period(pairing_policy_, period);
  RotationOutcome outcome;
  outcome.period = period;
  outcome.dry_run = dry_run;
  outcome.snapshot = tx.load_authority();
  std::vector<Pairing> stored = tx.allocation().pairings_for(period);
  if (!stored.empty()) {
    outcome.already_rotated = true;
    outcome.pairings = std::move(stored);
    return outcome;
  }
  outcome.result =
      caseaudit::rotate_pairings(outcome.snapshot, period, pairing_policy_, default_seed(period));
  outcome.pairings = outcome.result.pairings;
  if (dry_run) return outcome;
  for (Pairing& pairing : outcome.pairings) pairing.id = tx.allocation().insert_pairing(pairing);
  tx.changes().log({.at = at,
                    .actor = actor,
                    .action = "pairing.rotate",
                    .record_type = "pairing_period",
                    .record_id = period.to_string(),
                    .before_json = "",
                    .after_json = boost::json::serialize(boost::json::object{
                        {"period", period.to_string()},
                        {"pairings", outcome.pairings.size()},
                        {"unpaired", outcome.result.unpaired.size()},
                    })});
  return outcome;
}

WithdrawOutcome AllocationService::withdraw(Id audit_id, const std::string& reason,
                                            const std::string& actor, Instant at) const {
  return transact_retrying_conflict<WithdrawOutcome>(
      store_, [&](Transaction& tx) { return withdraw_in(tx, audit_id, reason, actor, at); });
}

WithdrawOutcome AllocationService::withdraw_in(Transaction& tx, Id audit_id,
                                               const std::string& reason, const std::string& actor,
                                               Instant at) const {
  WithdrawOutcome outcome;
  outcome.snapshot = tx.load_authority();
  auto found = std::find_if(outcome.snapshot.audits.begin(), outcome.snapshot.audits.end(),
                            [audit_id](const Audit& audit) { return audit.id == audit_id; });
  if (found == outcome.snapshot.audits.end() || found->status == AuditStatus::kWithdrawn) {
    throw NotFound(fmt::format("audit {} does not exist or is already withdrawn", audit_id),
                   "audit_id");
  }
  Audit before = *found;
  std::optional<AllocationRun> run = require_open_month(tx, before.month);
  std::uint64_t seed = run ? run->seed : default_seed(before.month);
  outcome.result = withdraw_audit(outcome.snapshot, before.month,
                                  policy_for(before.month, run && run->looped), seed, audit_id);
  tx.allocation().update_audit(outcome.result.withdrawn);
  if (outcome.result.replacement) {
    outcome.result.replacement->id = tx.allocation().insert_audit(*outcome.result.replacement);
  }
  auto audit_json = [](const Audit& audit) {
    return boost::json::serialize(boost::json::object{
        {"id", audit.id},
        {"month", audit.month.to_string()},
        {"child_id", audit.child_id},
        {"auditor_id", audit.auditor_id},
        {"status", std::string(to_string(audit.status))},
    });
  };
  boost::json::object after{{"withdrawn", boost::json::parse(audit_json(outcome.result.withdrawn))},
                            {"reason", reason}};
  if (outcome.result.replacement) {
    after["replacement"] = boost::json::parse(audit_json(*outcome.result.replacement));
  }
  tx.changes().log({.at = at,
                    .actor = actor,
                    .action = "audit.withdraw",
                    .record_type = "audit",
                    .record_id = std::to_string(audit_id),
                    .before_json = audit_json(before),
                    .after_json = boost::json::serialize(after)});
  return outcome;
}

}  // namespace caseaudit::daemon
