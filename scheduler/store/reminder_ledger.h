// ReminderLedger: which reminder items (scheduler/reminders/due_item.h) have
// been told, and in which outbox message (Transaction::ledger()). An item
// already recorded is left as it is, so each item reaches its person once
// however often, and on however many instances, the rules run.
#pragma once

#include <string>
#include <vector>

#include "scheduler/clock.h"

namespace caseaudit {

// One row of the ledger: an item told in an outbox message.
struct NotifiedItem {
  std::string item_key;     // DueItem::key()
  std::string message_key;  // the outbox dedup key of the message that tells it
};

// An item recorded, and when.
struct RecordedItem {
  std::string item_key;
  Instant at;
};

class ReminderLedger {
 public:
  virtual ~ReminderLedger() = default;

  // Records a whole batch in a few statements (chunks). Returns one flag per
  // element of `items`, in order: true when that element was recorded now;
  // false when its key was already in the ledger, or appears earlier in the
  // same batch (the first occurrence wins). An empty batch does nothing.
  virtual std::vector<bool> record(const std::vector<NotifiedItem>& items, Instant at) = 0;
  // One item: record({{item_key, message_key}}, at)[0].
  bool record_one(const std::string& item_key, const std::string& message_key, Instant at) {
    return record({NotifiedItem{item_key, message_key}}, at).front();
  }
  // Every recorded item whose key starts with `prefix` (byte for byte), in
  // no particular order: what the rules remember (scheduler/reminders/history.h).
  virtual std::vector<RecordedItem> recorded_with_prefix(const std::string& prefix) = 0;
};

// A ReminderLedger forwarding to another, for partial doubles.
class ReminderLedgerWrapper : public ReminderLedger {
 public:
  explicit ReminderLedgerWrapper(ReminderLedger& target) : target_(target) {}
  std::vector<bool> record(const std::vector<NotifiedItem>& items, Instant at) override {
    return target_.record(items, at);
  }
  std::vector<RecordedItem> recorded_with_prefix(const std::string& prefix) override {
    return target_.recorded_with_prefix(prefix);
  }

 private:
  ReminderLedger& target_;
};

}  // namespace caseaudit
