#include "daemon/allocation_job.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <map>
#include <set>
#include <utility>

#include "notifier/compose.h"
#include "scheduler/errors.h"
#include "scheduler/words.h"

namespace caseaudit::daemon {
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
      schedule_(std::move(schedule)),
      actor_(std::move(actor)),
      templates_(notifier::TemplateSet::defaults()) {
  if (zone_ == nullptr) throw ProgramError("AllocationJob: no time zone");
  if (schedule_.working_day < 1) throw ProgramError("AllocationJob: working_day < 1");
  if (schedule_.approve && schedule_.approve->working_days_before < 1) {
    throw ProgramError("AllocationJob: working_days_before < 1");
  }
}

void AllocationJob::set_preview_templates(notifier::TemplateSet templates, std::string signature) {
  templates_ = std::move(templates);
  signature_ = std::move(signature);
}

Date AllocationJob::commit_day(Month month) const {
  return calendar_.add_working_days(calendar_.first_working_day(month), schedule_.working_day - 1);
}

Instant AllocationJob::commit_instant(Month month) const {
  return at_local(commit_day(month), schedule_.hour, schedule_.minute, zone_);
}

Instant AllocationJob::preview_instant(Month month) const {
  if (!schedule_.approve) throw ProgramError("AllocationJob: preview_instant in commit mode");
  Date day = calendar_.add_working_days(commit_day(month), -schedule_.approve->working_days_before);
  return at_local(day, schedule_.hour, schedule_.minute, zone_);
}

TickResult AllocationJob::tick(Instant now) const {
  TickResult result;
  Month month = Month::of(to_local(now, zone_).date);
  if (schedule_.approve) return tick_approve(month, now);
  if (now < commit_instant(month)) return result;
  if (nothing_to_do(month, kAllocateJob)) return result;
  // Pairings first: the allocation gives each audit the auditor's moderator.
  if (service_.pairing_policy().is_period_month(month)) result.rotated = rotate_once(month, now);
  result.allocated = allocate_once(month, now);
  return result;
}

std::optional<RotationOutcome> AllocationJob::rotate_once(Month month, Instant now) const {
  return once_retrying_conflict<std::optional<RotationOutcome>>(
      store_, [&](Transaction& tx) -> std::optional<RotationOutcome> {
        if (!tx.jobs().record_run(kRotateJob, month.to_string(), now)) return std::nullopt;
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
        if (!tx.jobs().record_run(kAllocateJob, month.to_string(), now)) return std::nullopt;
        if (auto run = tx.allocation().find_run(month);
            run && run->status == MonthStatus::kClosed) {
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

TickResult AllocationJob::tick_approve(Month current, Instant now) const {
  TickResult result;
  // Next month's preview is due late in this one; this month's is caught up.
  for (Month month : {current, current.next()}) {
    if (now < preview_instant(month)) continue;
    if (nothing_to_do(month, kPreviewJob)) continue;
    if (service_.pairing_policy().is_period_month(month)) {
      if (auto rotated = rotate_once(month, now)) result.rotated = std::move(rotated);
    }
    if (auto previewed = preview_once(month, now)) result.previewed = std::move(previewed);
  }
  return result;
}

std::optional<AllocationOutcome> AllocationJob::preview_once(Month month, Instant now) const {
  return once_retrying_conflict<std::optional<AllocationOutcome>>(
      store_, [&](Transaction& tx) -> std::optional<AllocationOutcome> {
        if (!tx.jobs().record_run(kPreviewJob, month.to_string(), now)) return std::nullopt;
        // Once the month is committed (or closed) there is nothing to approve;
        // a planned run holds only the looped mode set for it.
        if (auto run = tx.allocation().find_run(month);
            run && run->status != MonthStatus::kPlanned) {
          spdlog::info("allocation preview {}: already committed; no preview sent",
                       month.to_string());
          return std::nullopt;
        }
        if (now >= commit_instant(month)) {
          spdlog::warn(
              "allocation preview {}: its commit day ({}) has passed; no preview sent. Review "
              "and commit it with `caseaudit allocate --month {}`",
              month.to_string(), format_date(commit_day(month)), month.to_string());
          return std::nullopt;
        }
        AllocationOutcome outcome = service_.preview_in(tx, month);
        tx.outbox().enqueue(preview_message(outcome, now));
        spdlog::info("allocation preview {}: {} audits proposed; preview sent to {}",
                     month.to_string(), outcome.result.audits.size(),
                     schedule_.approve->qa_team.address);
        return outcome;
      });
}

// True, leaving the note once, while the authority has nothing to allocate
// and `job` has not run for `month`; false, clearing the note, otherwise.
bool AllocationJob::nothing_to_do(Month month, const char* job) const {
  const std::optional<std::string> reason = store_.read_result<std::optional<std::string>>(
      [&](Transaction& tx) -> std::optional<std::string> {
        if (tx.jobs().ran(job, month.to_string())) return std::nullopt;
        return nothing_to_allocate(tx.load_authority());
      });
  JobNotes& notes = notes_ != nullptr ? *notes_ : own_notes_;
  std::optional<std::string> note;
  if (reason) note = fmt::format("nothing to allocate for {}: {}", month.to_string(), *reason);
  if (notes.set("allocation", note)) {
    if (note) {
      spdlog::warn("allocation: {}; no pairings rotated, no allocation committed or previewed",
                   *note);
    } else {
      spdlog::info("allocation: staff and caseload are present; allocating as scheduled");
    }
  }
  return reason.has_value();
}

OutboxMessage AllocationJob::preview_message(const AllocationOutcome& outcome, Instant now) const {
  std::map<Id, std::string> team_names;
  for (const Team& team : outcome.snapshot.teams) team_names[team.id] = team.name;
  std::map<Id, Id> team_of_child;
  for (const Child& child : outcome.snapshot.children) team_of_child[child.id] = child.team_id;
  std::set<std::string> teams;
  for (const Audit& audit : outcome.result.audits) {
    teams.insert(team_names[team_of_child[audit.child_id]]);
  }
  const std::string month = outcome.month.to_string();
  notifier::TemplateValues values;
  values.fields = {
      {"recipient_name",
       schedule_.approve->qa_team.name.empty() ? "QA team" : schedule_.approve->qa_team.name},
      {"signature", signature_},
      {"month", month_in_words(outcome.month)},
      {"month_code", month},
      {"audit_count", std::to_string(outcome.result.audits.size())},
      {"available_auditors", std::to_string(outcome.result.available_auditors)},
      {"team_count", std::to_string(teams.size())},
      {"teams", fmt::format("{}", fmt::join(teams, ", "))},
      {"commit_command", "caseaudit allocate --month " + month},
      {"commit_due", date_in_words(commit_day(outcome.month))}};
  // One "- sentence" line each (a list section would need a case reference).
  std::vector<std::string> lines;
  for (const std::string& sentence : outcome.result.shortfalls.summary) {
    lines.push_back("- " + sentence);
  }
  values.fields["shortfalls"] = fmt::format("{}", fmt::join(lines, "\n"));
  values.flags["has_shortfalls"] = !lines.empty();
  return notifier::compose_message(templates_, notifier::NotificationKind::kAllocationPreview,
                                   values, schedule_.approve->qa_team, std::nullopt,
                                   "allocation_preview:" + month, now);
}

}  // namespace caseaudit::daemon
