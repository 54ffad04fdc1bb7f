// daemon/service/concerns.h called directly: raise (with category 1's urgent
// emails in the raise's transaction and the wake after it), the monthly
// update and resolve, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "daemon/service/audits.h"
#include "daemon/service/concerns.h"
#include "tests/daemon/service/cycle_service_fixture.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleConcernsServiceTest : public JanuaryServiceTest {
 protected:
  void SetUp() override {
    JanuaryServiceTest::SetUp();
    if (HasFatalFailure()) return;
    // A concern needs a graded audit.
    audit_ =
        submit_audit(services(), caller(), first_.id,
                     answered({.overall = Grade::kRequiresImprovement,
                               .domains = {{"Quality of plans", Grade::kRequiresImprovement}}}))
            .audit;
  }

  std::vector<Concern> concerns() {
    return in_tx([](Transaction& tx) { return tx.load_authority().concerns; });
  }

  ConcernStatus status_of(Id id) {
    return in_tx([id](Transaction& tx) { return tx.follow_up().find_concern(id)->status; });
  }

  Audit audit_;
};

TEST_P(CycleConcernsServiceTest, ARefusedRaiseNamesTheFieldAndStoresNothing) {
  withdraw_allocated_audit(services(), caller(), second_.id, "test");
  const std::vector<Concern> before = concerns();
  const std::size_t changes = change_count();
  expect_refused<InputError>(
      [&] { raise_concern(services(), caller(), {.audit_id = audit_.id, .category = 3}); },
      "category", "got 3");
  expect_refused<RuleViolation>(
      [&] {
        raise_concern(services(), caller(),
                      {.audit_id = audit_.id, .raised_on = parse_date("2027-01-12")});
      },
      "raised_on", "in the future");
  expect_refused<RuleViolation>(
      [&] { raise_concern(services(), caller(), {.audit_id = second_.id}); }, "audit_id",
      "was withdrawn");
  expect_refused<NotFound>([&] { raise_concern(services(), caller(), {.audit_id = 999999}); },
                           "audit_id");
  EXPECT_EQ(concerns(), before);
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleConcernsServiceTest, Category1EnqueuesInTheRaiseAndWakesAfterTheCommit) {
  int enqueued_in_tx = 0, woken = 0;
  bool stored_when_enqueued = false, committed_when_woken = false;
  const std::size_t existing = concerns().size();
  services().enqueue_urgent = [&](Transaction& tx, Instant at) {
    EXPECT_EQ(at, kCallerAt);
    stored_when_enqueued = tx.load_authority().concerns.size() == existing + 1;
    return ++enqueued_in_tx;
  };
  services().wake_reminders = [&] {
    ++woken;
    committed_when_woken = concerns().size() == existing + 1;
  };
  const RaisedConcern raised =
      raise_concern(services(), caller(), {.audit_id = audit_.id, .category = 1});
  EXPECT_EQ(raised.urgent_emails_enqueued, std::optional<int>(1));
  EXPECT_TRUE(stored_when_enqueued);
  EXPECT_EQ(woken, 1);
  EXPECT_TRUE(committed_when_woken);
  EXPECT_EQ(raised.view.concern.category, 1);
  EXPECT_EQ(raised.view.concern.raised_on, parse_date("2027-01-11"));
  EXPECT_EQ(raised.notify.size() + raised.warnings.size(), 2u);  // head of service, director
  expect_logged(changes_of("concern", std::to_string(raised.view.concern.id)), "concern.raise");

  // A second open category 1 for the child tells nobody twice.
  const std::size_t changes = change_count();
  EXPECT_THROW(raise_concern(services(), caller(), {.audit_id = audit_.id, .category = 1}),
               Conflict);
  EXPECT_EQ(change_count(), changes);
  EXPECT_EQ(woken, 1);

  // Category 2 is not urgent.
  const RaisedConcern second = raise_concern(services(), caller(), {.audit_id = audit_.id});
  EXPECT_FALSE(second.urgent_emails_enqueued);
  EXPECT_EQ(woken, 1);
}

TEST_P(CycleConcernsServiceTest, TheMonthlyUpdateIsForABegunMonthOnce) {
  const Id id = raise_concern(services(), caller(), {.audit_id = audit_.id}).view.concern.id;
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] {
        record_concern_update(services(), caller(),
                              {.concern_id = id, .month = Month(2027, 2), .note = "n"});
      },
      "month", "has not begun");
  expect_refused<RuleViolation>(
      [&] {
        record_concern_update(services(), caller(),
                              {.concern_id = id, .month = Month(2026, 12), .note = "n"});
      },
      "month", "before the concern was raised");
  expect_refused<NotFound>(
      [&] {
        record_concern_update(
            services(), caller(),
            {.concern_id = id, .month = kJanuary, .note = "n", .recorded_by = 999999});
      },
      "recorded_by");
  EXPECT_EQ(change_count(), changes);

  const ConcernUpdate update = record_concern_update(
      services(), caller(), {.concern_id = id, .month = kJanuary, .note = "placement stable"});
  EXPECT_NE(update.id, 0);
  expect_logged(changes_of("concern_update", std::to_string(update.id)), "concern.monthly_update");
  expect_refused<Conflict>(
      [&] {
        record_concern_update(services(), caller(),
                              {.concern_id = id, .month = kJanuary, .note = "again"});
      },
      "month", "already has its update for 2027-01");
}

TEST_P(CycleConcernsServiceTest, ResolveIsNotBeforeTheRaiseNorTwice) {
  const Id id = raise_concern(services(), caller(),
                              {.audit_id = audit_.id, .raised_on = parse_date("2027-01-05")})
                    .view.concern.id;
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] { resolve_concern(services(), caller(), id, {.resolved_on = parse_date("2027-01-04")}); },
      "resolved_on", "before the concern was raised");
  expect_refused<RuleViolation>(
      [&] { resolve_concern(services(), caller(), id, {.resolved_on = parse_date("2027-01-12")}); },
      "resolved_on", "in the future");
  expect_refused<RuleViolation>(
      [&] {
        resolve_concern(services(), caller(), id,
                        {.reason = ConcernResolution::kOther, .note = "\n "});
      },
      "note", "say why");
  expect_refused<RuleViolation>(
      [&] {
        resolve_concern(services(), caller(), id,
                        {.note = std::string(kMaxResolutionNote + 1, 'x')});
      },
      "note", "at most");
  EXPECT_EQ(status_of(id), ConcernStatus::kOpen);
  EXPECT_EQ(change_count(), changes);

  const ConcernView view = resolve_concern(services(), caller(), id, {});
  EXPECT_EQ(view.concern.status, ConcernStatus::kResolved);
  EXPECT_EQ(view.concern.resolved_on, parse_date("2027-01-11"));
  EXPECT_EQ(view.concern.resolution, ConcernResolution::kChildSafe);
  EXPECT_EQ(in_tx([id](Transaction& tx) { return tx.follow_up().find_concern(id); }), view.concern);
  EXPECT_EQ(changes_of("concern", std::to_string(id)).front().action, "concern.resolve");
  EXPECT_EQ(changes_of("concern", std::to_string(id)).front().actor, "test:coordinator");
  EXPECT_THROW(resolve_concern(services(), caller(), id, {}), Conflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleConcernsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
