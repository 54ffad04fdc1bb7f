#include "daemon/snapshot_email_job.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "daemon/notifications.h"
#include "notifier/compose.h"
#include "scheduler/errors.h"
#include "scheduler/reporting/performance_snapshot.h"
#include "scheduler/words.h"

namespace caseaudit::daemon {
namespace {

constexpr const char* kCloseAction = "allocation.close";

struct Recipient {
  notifier::Mailbox mailbox;
  std::optional<Id> staff_id;
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Everyone active in a role entry, and the mailboxes; each address once.
std::vector<Recipient> recipients(const std::vector<std::string>& entries,
                                  const Authority& authority) {
  std::vector<Recipient> found;
  std::set<std::string> seen;
  const auto add = [&](Recipient recipient) {
    if (recipient.mailbox.address.empty()) return;
    if (seen.insert(lower(recipient.mailbox.address)).second) found.push_back(std::move(recipient));
  };
  for (const std::string& entry : entries) {
    if (entry.find('@') != std::string::npos) {
      add({parse_mailbox(entry, "reports.snapshot_recipients"), std::nullopt});
      continue;
    }
    const Role role = parse_role(entry, "reports.snapshot_recipients");
    for (const Staff& staff : authority.staff) {
      if (staff.active && staff.role == role) add({{staff.name, staff.email}, staff.id});
    }
  }
  return found;
}

std::string figure_text(const SnapshotMeasure& m, std::optional<double> value) {
  if (!value) return "none to count";
  if (m.unit == MeasureUnit::kShare) return share_percent(*value);
  return std::to_string(std::llround(*value));
}

std::string target_text(const SnapshotMeasure& m) {
  if (m.key == "completed_to_standard" && m.baseline && m.target) {
    return "baseline " + figure_text(m, m.baseline) + ", stretch " + figure_text(m, m.target);
  }
  if (!m.target) return "none";
  return (m.better == Better::kLower ? "at most " : "") + figure_text(m, m.target);
}

// The RAG in words, and the colours it stands on (GOV.UK's palette; black
// on yellow and grey, white on green and red: each over 4.5:1).
struct RagLook {
  std::string words, background, colour;
};
RagLook rag_look(const SnapshotMeasure& m) {
  if (!m.rag) return {m.target ? "No figure" : "No target", "#f3f2f1", "#0b0c0c"};
  switch (*m.rag) {
    case Rag::kGreen:
      return {"Green", "#00703c", "#ffffff"};
    case Rag::kAmber:
      return {"Amber", "#ffdd00", "#0b0c0c"};
    case Rag::kRed:
      return {"Red", "#d4351c", "#ffffff"};
  }
  return {"No target", "#f3f2f1", "#0b0c0c"};
}

std::string rag_summary(const PerformanceSnapshot& snapshot) {
  std::map<std::string, int> counts;
  for (const SnapshotMeasure& m : snapshot.measures) ++counts[rag_look(m).words];
  std::vector<std::string> parts;
  for (const auto& [words, label] :
       std::vector<std::pair<std::string, std::string>>{{"Green", "green"},
                                                        {"Amber", "amber"},
                                                        {"Red", "red"},
                                                        {"No target", "without a target"},
                                                        {"No figure", "with no figure yet"}}) {
    if (counts[words] > 0) parts.push_back(fmt::format("{} {}", counts[words], label));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

notifier::TemplateValues snapshot_values(const PerformanceSnapshot& snapshot,
                                         const SnapshotEmailSettings& settings) {
  notifier::TemplateValues values;
  const Period& qtd = snapshot.quarter_to_date;
  values.fields = {
      {"signature", settings.signature},
      {"month", month_in_words(snapshot.month)},
      {"quarter", snapshot.quarter.in_words(settings.targets.year_start_month)},
      {"quarter_months", qtd.from == qtd.to
                             ? month_in_words(qtd.from)
                             : month_in_words(qtd.from) + " to " + month_in_words(qtd.to)},
      {"as_of", date_in_words(snapshot.as_of)},
      {"rag_summary", rag_summary(snapshot)},
      {"late_returns_note",
       late_returns_note(snapshot.late_returns, "the month").value_or(std::string())},
      {"link", settings.public_url() + "/console/snapshot?month=" + snapshot.month.to_string()}};
  for (const SnapshotMeasure& m : snapshot.measures) {
    const RagLook look = rag_look(m);
    std::string label = m.label;
    if (!m.names.empty()) label += fmt::format(": {}", fmt::join(m.names, ", "));
    values.items.push_back({{"label", label},
                            {"figure", figure_text(m, m.value)},
                            {"target", target_text(m)},
                            {"rag_words", look.words},
                            {"rag_background", look.background},
                            {"rag_colour", look.colour},
                            {"direction", m.direction_of_travel}});
  }
  return values;
}

std::optional<Instant> closed_at(Transaction& tx, Month month) {
  const std::vector<ChangeRecord> changes = tx.changes().find(
      {.record_type = "allocation_run", .record_id = month.to_string(), .limit = 1000});
  for (const ChangeRecord& change : changes) {  // newest first
    if (change.action == kCloseAction) return change.at;
  }
  return std::nullopt;
}

}  // namespace

SnapshotEmailJob::SnapshotEmailJob(Store& store, const Calendar& calendar,
                                   const date::time_zone* zone, const Policy& policy,
                                   SnapshotEmailSettings settings, notifier::TemplateSet templates)
    : store_(store),
      calendar_(calendar),
      zone_(zone),
      policy_(policy),
      settings_(std::move(settings)),
      templates_(std::move(templates)) {
  if (zone_ == nullptr) throw ProgramError("SnapshotEmailJob: no time zone");
  if (!settings_.public_url) throw ProgramError("SnapshotEmailJob: no public URL");
}

Date SnapshotEmailJob::send_day(Instant closed) const {
  return calendar_.add_working_days(to_local(closed, zone_).date, 1);
}

std::vector<Month> SnapshotEmailJob::tick(Instant now) const {
  const Date today = to_local(now, zone_).date;
  const Month current = Month::of(today);
  std::vector<Month> sent;
  for (Month month : {current.plus(-2), current.prev()}) {
    if (due(month, today) && send_once(month, now)) sent.push_back(month);
  }
  return sent;
}

bool SnapshotEmailJob::due(Month month, Date today) const {
  return store_.read_result<bool>([&](Transaction& tx) {
    if (tx.jobs().ran(kJob, month.to_string())) return false;
    const std::optional<AllocationRun> run = tx.allocation().find_run(month);
    if (!run || run->status != MonthStatus::kClosed) return false;
    if (tx.figures().frozen_figures(month, month).empty()) return false;
    const std::optional<Instant> closed = closed_at(tx, month);
    return closed && send_day(*closed) <= today;
  });
}

bool SnapshotEmailJob::send_once(Month month, Instant now) const {
  const auto work = [&](Transaction& tx) {
    if (!tx.jobs().record_run(kJob, month.to_string(), now)) return false;
    const Period months = snapshot_months(month);
    const Authority authority = tx.load_report_authority(audit_months_for(months));
    const ReportFigures figures(authority, policy_, to_local(now, zone_).date, months,
                                tx.figures().frozen_figures(months.from, months.to));
    const PerformanceSnapshot snapshot = performance_snapshot(figures, month, settings_.targets);
    notifier::TemplateValues values = snapshot_values(snapshot, settings_);
    const std::vector<Recipient> to = recipients(settings_.recipients, authority);
    for (const Recipient& recipient : to) {
      values.fields["recipient_name"] =
          recipient.mailbox.name.empty() ? recipient.mailbox.address : recipient.mailbox.name;
      tx.outbox().enqueue(
          notifier::compose_message(templates_, notifier::NotificationKind::kPerformanceSnapshot,
                                    values, recipient.mailbox, recipient.staff_id,
                                    fmt::format("performance_snapshot:{}:{}", month.to_string(),
                                                lower(recipient.mailbox.address)),
                                    now));
    }
    if (to.empty()) {
      spdlog::warn("snapshot email {}: nobody in [reports] snapshot_recipients; not sent",
                   month.to_string());
    } else {
      spdlog::info("snapshot email {}: enqueued for {} recipient(s)", month.to_string(), to.size());
    }
    return true;
  };
  // A Conflict means a concurrent instance recorded it first: the re-run
  // finds its job_runs row and sends nothing.
  try {
    return store_.transact_result<bool>(work);
  } catch (const Conflict&) {
    return store_.transact_result<bool>(work);
  }
}

}  // namespace caseaudit::daemon
