// DueRunner: runs the reminder rules (scheduler/reminders/rules.h) at an
// instant and puts what is due into the outbox, once.
//
// Two passes, each in one transaction with the work it causes:
//  * urgent: category 1 concerns, at any hour, each in an email of its own;
//  * daily: everything else, once per local day (job "reminders", period
//    YYYY-MM-DD in job_runs) and only inside the send window, merged so that
//    a person gets at most one email that day: their own item's email when
//    they have one item, a digest listing them when they have several: one
//    line each (the kind's line template), their own work first, then what
//    they oversee grouped by team, each part by due date; at most
//    digest_max_lines lines, then "and N more" with a link to the console.
// The daily pass gives the rules the ledger's history of the rules that
// remember (ReminderHistory::prefixes(), read with recorded_with_prefix).
// The authority is read with Transaction::load_reminder_authority, up to
// reminder_horizon() (open actions due later cannot be due today). Every
// item is recorded in the notified-items ledger under its key, in one batch
// per pass (Transaction::record_notified_items), with the keys of what each
// told item covers besides its subject (DueItem::cover_keys(): each audit of a
// moderator's list), in the same transaction as
// the email that carries it, so neither a restart, a
// retry nor a second instance tells anyone the same thing twice. The rules are
// level-triggered, so a daemon that was down catches up on its next run.
//
// Thread safety: run() may be called from several threads or processes; the
// store's transactions and unique keys arbitrate. The referenced objects must
// outlive the runner.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "notifier/templates.h"
#include "scheduler/calendar.h"
#include "scheduler/reminders/due_item.h"
#include "scheduler/reminders/history.h"
#include "scheduler/reminders/policy.h"
#include "scheduler/store.h"

namespace caseaudit::notifier {

// Adds to `values` the links the recipient of `item` may act from, in the
// transaction `tx` that enqueues its email (so a link exists only with the
// email that carries it): fields["act_url"] for the item, and
// items[i]["act_url"] for its rows (a moderator's list). Called only for an
// email that is sent; the templates show a link only when it is there.
using ActionLinkHook =
    std::function<void(Transaction& tx, const DueItem& item, Instant at, TemplateValues& values)>;

struct DueRunOptions {
  ReminderPolicy policy;
  std::string signature = "Quality Assurance team";
  int digest_max_lines = 25;  // at least 1
  // Where "and N more" points (the console's list); empty: no link.
  std::string console_url;
  ActionLinkHook action_links;  // empty: emails carry no links
};

struct DueRunReport {
  Date today;                   // the local date the rules ran for
  bool daily_pass_ran = false;  // false outside the send window or when done today
  std::string daily_pass_note;  // why it did not run, in words
  int urgent_items = 0;         // newly told category 1 items
  int daily_items = 0;          // newly told other items
  std::vector<OutboxMessage> enqueued;
};

// The template kind that tells `item` (its rule and level). Every
// ReminderRule has one, checked at compile time; throws ProgramError only for
// a value outside the enumeration (a bug).
NotificationKind kind_for(const DueItem& item);

class DueRunner {
 public:
  DueRunner(Store& store, const TemplateSet& templates, const SendWindow& window,
            const Calendar& calendar, const date::time_zone* zone, DueRunOptions options);

  // Runs both passes as of `at`. Throws what the store throws
  // (DatabaseUnavailable after its own retries).
  DueRunReport run(Instant at);

  // The urgent pass alone, in the caller's transaction `tx`: for a write
  // that makes a category 1 item due (raising a concern), so that its emails
  // are in the outbox in the same transaction as the write, and are gone
  // with it if it rolls back. Call it after the write. Items already told
  // (the ledger) are not told again, so run() later adds nothing for them.
  DueRunReport urgent_in(Transaction& tx, Instant at);

 private:
  void urgent_pass(Transaction& tx, const Authority& authority, const std::vector<DueItem>& items,
                   Instant at, DueRunReport& report);
  void daily_pass(Transaction& tx, const Authority& authority, const std::vector<DueItem>& items,
                  Instant at, DueRunReport& report);
  OutboxMessage compose_single(Transaction& tx, const Staff& recipient, const DueItem& item,
                               const std::string& message_key, Instant at) const;
  OutboxMessage compose_digest(Transaction& tx, const Staff& recipient,
                               std::vector<const DueItem*> items, const std::string& message_key,
                               Date today, Instant at) const;
  ReminderHistory load_history(Transaction& tx) const;
  TemplateValues values_for(const Staff& recipient, const DueItem& item) const;
  // values_for with the item's action links (options_.action_links).
  TemplateValues linked_values_for(Transaction& tx, const Staff& recipient, const DueItem& item,
                                   Instant at) const;

  Store& store_;
  const TemplateSet& templates_;
  const SendWindow& window_;
  const Calendar& calendar_;
  const date::time_zone* zone_;
  DueRunOptions options_;
};

}  // namespace caseaudit::notifier
