// Store: the storage interface that logic depends on (never on SOCI).
// db/ implements it on SQLite and PostgreSQL; tests may implement it in memory.
//
// Thread safety: a Store may be used from many threads at once; each call to
// transact() (and each outermost read()) gets its own Transaction, which must
// not outlive the call nor be shared between threads.
#pragma once

#include <functional>
#include <optional>

#include "scheduler/clock.h"
#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/store/action_link_repository.h"
#include "scheduler/store/allocation_repository.h"
#include "scheduler/store/caseload_repository.h"
#include "scheduler/store/change_log.h"
#include "scheduler/store/follow_up_repository.h"
#include "scheduler/store/job_ledger.h"
#include "scheduler/store/month_figures_repository.h"
#include "scheduler/store/organisation_repository.h"
#include "scheduler/store/outbox.h"
#include "scheduler/store/reminder_ledger.h"
#include "scheduler/store/sign_in_repository.h"
#include "scheduler/store/token_repository.h"

namespace caseaudit {

// All reads and writes of one database transaction, as a facade over one
// small repository per aggregate: a client names the part it uses
// (`tx.outbox().enqueue(m)`), and a test double replaces only the part it
// fakes (TransactionWrapper below) while the rest goes to a real database.
//
// Every method may throw: InputError subclasses for the caller's mistakes
// (NotFound for unknown ids, Conflict for unique-key clashes, InputError for a
// CHECK or foreign key the data breaks), DatabaseUnavailable for lost
// connections (transact() retries those itself). The repositories returned
// live as long as the transaction and must not outlive it.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // The whole authority, consistent as of this transaction.
  virtual Authority load_authority() = 0;
  // The authority as the reminder rules need it (scheduler/reminders/rules.h):
  // like load_authority(), except that `actions` holds only the open actions
  // due on or before `actions_due_by` and `concerns` only the open concerns.
  // Completed actions, resolved concerns and actions due later cannot make a
  // reminder due before `actions_due_by`; pass reminder_horizon() so no rule
  // misses an item.
  virtual Authority load_reminder_authority(Date actions_due_by) = 0;
  // The authority as the reports need it (scheduler/reporting/): the
  // organisation, the audits of `months` with their domain grades, the
  // actions of those audits, the children those audits name, and every
  // concern. No runs, pairings or concern updates. Figures counted from it for
  // a month within `months` equal those counted from load_authority(),
  // provided the month before that month is within `months` too (its actions
  // are counted).
  virtual Authority load_report_authority(Period months) = 0;

  virtual OrganisationRepository& organisation() = 0;
  virtual CaseloadRepository& caseload() = 0;
  virtual AllocationRepository& allocation() = 0;
  virtual FollowUpRepository& follow_up() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual SignInRepository& sign_in() = 0;
  virtual ActionLinkRepository& action_links() = 0;
  virtual JobLedger& jobs() = 0;
  virtual ChangeLog& changes() = 0;
  virtual Outbox& outbox() = 0;
  virtual ReminderLedger& ledger() = 0;
  virtual MonthFiguresRepository& figures() = 0;
};

// A Transaction that forwards everything to another one (leveldb's
// EnvWrapper): a test double derives from it and overrides only the parts it
// fakes, e.g. outbox() returning an Outbox that fails its marks, so every
// other call still reaches a real database instead of throwing.
class TransactionWrapper : public Transaction {
 public:
  explicit TransactionWrapper(Transaction& target) : target_(target) {}

  Authority load_authority() override { return target_.load_authority(); }
  Authority load_reminder_authority(Date actions_due_by) override {
    return target_.load_reminder_authority(actions_due_by);
  }
  Authority load_report_authority(Period months) override {
    return target_.load_report_authority(months);
  }
  OrganisationRepository& organisation() override { return target_.organisation(); }
  CaseloadRepository& caseload() override { return target_.caseload(); }
  AllocationRepository& allocation() override { return target_.allocation(); }
  FollowUpRepository& follow_up() override { return target_.follow_up(); }
  TokenRepository& tokens() override { return target_.tokens(); }
  SignInRepository& sign_in() override { return target_.sign_in(); }
  ActionLinkRepository& action_links() override { return target_.action_links(); }
  JobLedger& jobs() override { return target_.jobs(); }
  ChangeLog& changes() override { return target_.changes(); }
  Outbox& outbox() override { return target_.outbox(); }
  ReminderLedger& ledger() override { return target_.ledger(); }
  MonthFiguresRepository& figures() override { return target_.figures(); }

  Transaction& target() { return target_; }

 private:
  Transaction& target_;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction: committed when it returns, rolled back
  // when it throws (the exception propagates). When the connection is lost,
  // the session is reconnected and `work` re-run from the start, a bounded
  // number of times, then DatabaseUnavailable is thrown. So `work` must act
  // only through the Transaction (or idempotently).
  virtual void transact(const std::function<void(Transaction&)>& work) = 0;

  template <typename Result>
  Result transact_result(const std::function<Result(Transaction&)>& work) {
    std::optional<Result> result;
    transact([&](Transaction& tx) { result = work(tx); });
    return std::move(*result);
  }

  // transact() for `work` that only reads (a precondition: a write inside
  // may be refused, as on PostgreSQL, and is a ProgramError). One consistent
  // snapshot like any transaction, but it never takes the write lock, so on
  // SQLite readers run beside each other and beside a writer.
  //
  // Joining: a read() called on this thread while `work` of a read() of the
  // SAME store runs opens no transaction of its own: its `work` runs in the
  // one already open (same snapshot, same connection), which the outermost
  // read() commits or rolls back (and re-runs whole after a lost
  // connection). An exception from the inner `work` propagates out of the
  // inner read() unchanged. The HTTP API runs a GET route's token lookup and
  // handler in one transaction this way. A read() of another store, and
  // transact() always, open their own transaction: so a write inside read()'s
  // `work` is a second transaction (and on a store of one connection,
  // sqlite::memory:, waits forever).
  void read(const std::function<void(Transaction&)>& work);

  template <typename Result>
  Result read_result(const std::function<Result(Transaction&)>& work) {
    std::optional<Result> result;
    read([&](Transaction& tx) { result = work(tx); });
    return std::move(*result);
  }

 protected:
  // Opens a new read transaction for read() and runs `work` in it, with the
  // guarantees above. The default simply calls transact().
  virtual void read_transaction(const std::function<void(Transaction&)>& work) { transact(work); }
};

}  // namespace caseaudit
