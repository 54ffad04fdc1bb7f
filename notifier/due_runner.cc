#include "notifier/due_runner.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "notifier/compose.h"
#include "scheduler/errors.h"
#include "scheduler/reminders/rules.h"
#include "scheduler/words.h"

namespace caseaudit::notifier {
namespace {

constexpr const char* kDailyJob = "reminders";

std::unordered_map<Id, const Staff*> staff_by_id(const Authority& authority) {
  std::unordered_map<Id, const Staff*> index;
  for (const Staff& person : authority.staff) index.emplace(person.id, &person);
  return index;
}

// Inactive people and people without an address are skipped: the rules still
// record nothing for them, so the item is told once they are reachable.
const Staff* reachable(const std::unordered_map<Id, const Staff*>& staff, Id id) {
  const auto it = staff.find(id);
  if (it == staff.end() || !it->second->active || it->second->email.empty()) return nullptr;
  return it->second;
}

}  // namespace

NotificationKind kind_for(const DueItem& item) {
  // No default: a rule added to ReminderRule without a template here fails
  // to compile (-Wswitch).
  switch (item.rule) {
    case ReminderRule::kAllocationNotice:
      return NotificationKind::kAllocationNotice;
    case ReminderRule::kModerationList:
      // One audit (given to a moderator after their list went), or the list.
      return item.subject_type == "audit" ? NotificationKind::kModerationAssignedNotice
                                          : NotificationKind::kModeratorAllocationList;
    case ReminderRule::kAuditDue:
      return NotificationKind::kAuditDueReminder;
    case ReminderRule::kAuditLate:
      return NotificationKind::kLateReturnEscalation;
    case ReminderRule::kAuditSubmitted:
      return NotificationKind::kAuditSubmitted;
    case ReminderRule::kAuditModerated:
      return NotificationKind::kAuditModerated;
    case ReminderRule::kLoopMeeting:
      return NotificationKind::kModerationMeetingRequest;
    case ReminderRule::kActionDue:
      return NotificationKind::kActionReminder;
    case ReminderRule::kActionOverdue:
      return NotificationKind::kActionOverdueEscalation;
    case ReminderRule::kConcernRaised:
      return item.level == "1" ? NotificationKind::kConcernCategory1
                               : NotificationKind::kConcernCategory2;
    case ReminderRule::kConcernUpdate:
      return item.level == "overdue" ? NotificationKind::kConcernUpdateOverdue
                                     : NotificationKind::kConcernUpdateReminder;
    case ReminderRule::kConcernLongOpen:
      return NotificationKind::kConcernOverTwelveMonths;
    case ReminderRule::kImpactFollowUp:
      return NotificationKind::kImpactFollowUp;
    case ReminderRule::kAuditRemoved:
      return NotificationKind::kAuditRemovedNotice;
    case ReminderRule::kClassificationRequest:
      return NotificationKind::kClassificationRequest;
    case ReminderRule::kAuditSentBack:
      return NotificationKind::kAuditSentBack;
    case ReminderRule::kModerationRemoved:
      return NotificationKind::kModerationRemovedNotice;
  }
  throw ProgramError("no template for reminder rule " +
                     std::to_string(static_cast<int>(item.rule)));
}

DueRunner::DueRunner(Store& store, const TemplateSet& templates, const SendWindow& window,
                     const Calendar& calendar, const date::time_zone* zone, DueRunOptions options)
    : store_(store),
      templates_(templates),
      window_(window),
      calendar_(calendar),
      zone_(zone),
      options_(std::move(options)) {}

DueRunReport DueRunner::run(Instant at) {
  DueRunReport report;
  report.today = to_local(at, zone_).date;
  store_.transact([&](Transaction& tx) {
    report = DueRunReport{.today = report.today};  // the transaction may be re-run
    // Only the open actions the rules can act on today (and open concerns):
    // the rest of a large authority's actions are months from due.
    const Authority authority =
        tx.load_reminder_authority(reminder_horizon(calendar_, options_.policy, report.today));
    // Outside the send window, or once today's daily pass is done, only
    // urgent items can be sent: the other rules are not worked out at all
    // (the daemon runs this every minute). Read after the load, so that the
    // load is the transaction's first statement (one snapshot).
    const bool daily_possible =
        window_.contains(at) && !tx.jobs().ran(kDailyJob, format_date(report.today));
    const std::vector<DueItem> items =
        daily_possible
            ? due_on(authority, calendar_, options_.policy, report.today, load_history(tx))
            : urgent_due_on(authority, calendar_, options_.policy, report.today);
    urgent_pass(tx, authority, items, at, report);
    daily_pass(tx, authority, items, at, report);
  });
  return report;
}

ReminderHistory DueRunner::load_history(Transaction& tx) const {
  std::vector<ToldItem> told;
  for (const std::string& prefix : ReminderHistory::prefixes()) {
    for (RecordedItem& row : tx.ledger().recorded_with_prefix(prefix)) {
      told.push_back({std::move(row.item_key), to_local(row.at, zone_).date});
    }
  }
  return ReminderHistory(told);
}

DueRunReport DueRunner::urgent_in(Transaction& tx, Instant at) {
  DueRunReport report{.today = to_local(at, zone_).date};
  const Authority authority =
      tx.load_reminder_authority(reminder_horizon(calendar_, options_.policy, report.today));
  urgent_pass(tx, authority, urgent_due_on(authority, calendar_, options_.policy, report.today), at,
              report);
  return report;
}

void DueRunner::urgent_pass(Transaction& tx, const Authority& authority,
                            const std::vector<DueItem>& items, Instant at, DueRunReport& report) {
  const auto staff = staff_by_id(authority);
  std::vector<std::pair<const DueItem*, const Staff*>> candidates;
  std::vector<NotifiedItem> ledger;
  for (const DueItem& item : items) {
    const Staff* recipient = item.urgent ? reachable(staff, item.recipient_id) : nullptr;
    if (recipient == nullptr) continue;
    std::string key = item.key();
    ledger.push_back({key, std::move(key)});
    candidates.emplace_back(&item, recipient);
  }
  if (ledger.empty()) return;
  const std::vector<bool> fresh = tx.ledger().record(ledger, at);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!fresh[i]) continue;
    const auto [item, recipient] = candidates[i];
    OutboxMessage message = compose_single(tx, *recipient, *item, ledger[i].message_key, at);
    if (tx.outbox().enqueue(message)) report.enqueued.push_back(std::move(message));
    ++report.urgent_items;
  }
}

void DueRunner::daily_pass(Transaction& tx, const Authority& authority,
                           const std::vector<DueItem>& items, Instant at, DueRunReport& report) {
  if (!window_.contains(at)) {
    report.daily_pass_note = "outside the send window; daily reminders wait until it opens";
    return;
  }
  const std::string period = format_date(report.today);
  if (!tx.jobs().record_run(kDailyJob, period, at)) {
    report.daily_pass_note = "daily reminders for " + period + " already ran";
    return;
  }
  report.daily_pass_ran = true;
  const auto staff = staff_by_id(authority);
  // The whole day's items go to the ledger in one call (a few statements).
  std::vector<const DueItem*> candidates;
  std::vector<NotifiedItem> ledger;
  for (const DueItem& item : items) {
    if (item.urgent || reachable(staff, item.recipient_id) == nullptr) continue;
    ledger.push_back({item.key(), "daily:" + std::to_string(item.recipient_id) + ":" + period});
    candidates.push_back(&item);
  }
  const std::vector<bool> recorded =
      ledger.empty() ? std::vector<bool>{} : tx.ledger().record(ledger, at);
  std::map<Id, std::vector<const DueItem*>> fresh_by_recipient;
  std::vector<NotifiedItem> covered;  // what the fresh items tell of besides their subject
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!recorded[i]) continue;
    fresh_by_recipient[candidates[i]->recipient_id].push_back(candidates[i]);
    for (std::string& key : candidates[i]->cover_keys())
      covered.push_back({std::move(key), ledger[i].message_key});
  }
  if (!covered.empty()) tx.ledger().record(covered, at);
  for (const auto& [recipient_id, fresh] : fresh_by_recipient) {
    const Staff& recipient = *staff.at(recipient_id);
    const std::string message_key = "daily:" + std::to_string(recipient_id) + ":" + period;
    OutboxMessage message =
        fresh.size() == 1 ? compose_single(tx, recipient, *fresh.front(), message_key, at)
                          : compose_digest(tx, recipient, fresh, message_key, report.today, at);
    if (tx.outbox().enqueue(message)) report.enqueued.push_back(std::move(message));
    report.daily_items += static_cast<int>(fresh.size());
  }
}

TemplateValues DueRunner::values_for(const Staff& recipient, const DueItem& item) const {
  TemplateValues values;
  values.fields = item.fields;
  values.fields["recipient_name"] = recipient.name;
  values.fields["signature"] = options_.signature;
  values.items = item.rows;
  values.flags = item.flags;
  values.flags.try_emplace("looped", false);
  return values;
}

TemplateValues DueRunner::linked_values_for(Transaction& tx, const Staff& recipient,
                                            const DueItem& item, Instant at) const {
  TemplateValues values = values_for(recipient, item);
  if (options_.action_links) options_.action_links(tx, item, at, values);
  return values;
}

OutboxMessage DueRunner::compose_single(Transaction& tx, const Staff& recipient,
                                        const DueItem& item, const std::string& message_key,
                                        Instant at) const {
  return compose_message(templates_, kind_for(item), linked_values_for(tx, recipient, item, at),
                         Mailbox{recipient.name, recipient.email}, recipient.id, message_key, at);
}

OutboxMessage DueRunner::compose_digest(Transaction& tx, const Staff& recipient,
                                        std::vector<const DueItem*> items,
                                        const std::string& message_key, Date today,
                                        Instant at) const {
  // Their own work first, then what they oversee by team; each by due date.
  const auto order = [](const DueItem* item) {
    const bool own = item->duty == Duty::kOwn;
    return std::tuple(own ? 0 : 1, own ? std::string() : item->team_name, !item->due.has_value(),
                      item->due.value_or(Date{}), item->key());
  };
  std::stable_sort(items.begin(), items.end(),
                   [&](const DueItem* a, const DueItem* b) { return order(a) < order(b); });
  TemplateValues values;
  values.fields = {{"recipient_name", recipient.name},
                   {"signature", options_.signature},
                   {"date", date_in_words(today)},
                   {"count", std::to_string(items.size())}};
  const std::size_t shown =
      std::min(items.size(), static_cast<std::size_t>(std::max(options_.digest_max_lines, 1)));
  for (std::size_t i = 0; i < shown; ++i) {
    const DueItem& item = *items[i];
    const std::string heading = item.duty == Duty::kOwn  ? "Your own work"
                                : item.team_name.empty() ? "Other teams"
                                                         : item.team_name;
    if (values.sections.empty() || values.sections.back().heading != heading) {
      values.sections.push_back({heading, {}});
    }
    const TemplateValues item_values = linked_values_for(tx, recipient, item, at);
    std::map<std::string, std::string> line{
        {"line", templates_.render_line(kind_for(item), item_values)}};
    if (item_values.fields.contains("act_url")) line["act_url"] = item_values.fields.at("act_url");
    if (item.fields.contains("away_name")) line["away"] = item.fields.at("away_name");
    values.sections.back().lines.push_back(std::move(line));
  }
  if (shown < items.size()) {
    values.fields["more_count"] = std::to_string(items.size() - shown);
    if (!options_.console_url.empty()) values.fields["more_url"] = options_.console_url;
  }
  return compose_message(templates_, NotificationKind::kDailyDigest, values,
                         Mailbox{recipient.name, recipient.email}, recipient.id, message_key, at);
}

}  // namespace caseaudit::notifier
