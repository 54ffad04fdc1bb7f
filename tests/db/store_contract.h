// The contract every Store backend must meet: a value-parameterised fixture
// giving each test a fresh, migrated database on one backend, plus a small
// organisation to hang records on.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>

#include "db/database.h"
#include "tests/db/test_database.h"

namespace caseaudit::db::testing {

// The ids of a minimal organisation: one service, two teams, three staff
// (a director, a team manager, an auditor) and one child per team.
struct Organisation {
  Id service = 0;
  Id team_a = 0;
  Id team_b = 0;
  Id director = 0;
  Id manager = 0;
  Id auditor = 0;
  Id child_a = 0;
  Id child_b = 0;
};

Staff make_staff(std::string name, Role role);
Organisation seed_organisation(Transaction& tx);
Audit make_audit(Month month, Id child, Id auditor);
// An overdue-audit email to Tom Manager, due (and created) at `due`.
OutboxMessage make_message(std::string dedup_key, Instant due);

// Midnight UTC of that day, plus `hour` hours.
Instant at(int year, unsigned month, unsigned day, int hour = 0);

// The store types have no operator== of their own; compare every field.
inline auto fields(const ApiToken& t) {
  return std::tie(t.id, t.name, t.role, t.secret_hash, t.created_at, t.expires_at, t.revoked_at);
}
inline auto fields(const ChangeRecord& c) {
  return std::tie(c.id, c.at, c.actor, c.action, c.record_type, c.record_id, c.before_json,
                  c.after_json);
}
inline auto fields(const OutboxMessage& m) {
  return std::tie(m.id, m.dedup_key, m.rule, m.recipient_staff_id, m.recipient_email,
                  m.recipient_name, m.subject, m.text_body, m.html_body, m.message_id, m.urgent,
                  m.status, m.attempts, m.created_at, m.next_attempt_at, m.sent_at, m.last_error);
}

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;

  Store& store() { return database_->store(); }
  // Runs `work` in one transaction and returns its result.
  template <typename Work>
  auto in_tx(Work work) {
    using Result = decltype(work(std::declval<Transaction&>()));
    if constexpr (std::is_void_v<Result>) {
      store().transact(work);
    } else {
      return store().transact_result<Result>(work);
    }
  }

  std::unique_ptr<TestDatabase> test_database_;
  std::unique_ptr<Database> database_;
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace caseaudit::db::testing
