#include "notifier/due_runner.h"

#include <map>
#include <unordered_map>

#include "notifier/compose.h"
#include "scheduler/errors.h"
#include "scheduler/reminders/rules.h"

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
      return NotificationKind::kModeratorAllocationList;
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
        daily_possible ? due_on(authority, calendar_, options_.policy, report.today)
                       : urgent_due_on(authority, calendar_, options_.policy, report.today);
    urgent_pass(tx, authority, items, at, report);
    daily_pass(tx, authority, items, at, report);
  });
  return report;
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
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (recorded[i]) fresh_by_recipient[candidates[i]->recipient_id].push_back(candidates[i]);
  }
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
  values.flags["looped"] = false;
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
                                        const std::vector<const DueItem*>& items,
                                        const std::string& message_key, Date today,
                                        Instant at) const {
  TemplateValues values;
  values.fields = {{"recipient_name", recipient.name},
                   {"signature", options_.signature},
                   {"date", format_date(today)},
                   {"count", std::to_string(items.size())}};
  for (const DueItem* item : items) {
    // Each line is what the item's own email would have as its subject
    // (only the subject part is rendered).
    const TemplateValues item_values = linked_values_for(tx, recipient, *item, at);
    std::map<std::string, std::string> line{
        {"summary", templates_.render_subject(kind_for(*item), item_values)}};
    for (const char* name : {"case_reference", "due_date", "act_url"}) {
      if (item_values.fields.contains(name)) line[name] = item_values.fields.at(name);
    }
    if (item->fields.contains("action_description")) {
      line["detail"] = item->fields.at("action_description");
    }
    values.items.push_back(std::move(line));
  }
  return compose_message(templates_, NotificationKind::kDailyDigest, values,
                         Mailbox{recipient.name, recipient.email}, recipient.id, message_key, at);
}

}  // namespace caseaudit::notifier
