// daemon/service/classifications.h called directly: an Inadequate audit
// awaits classification until classified as category 1, category 2 (each
// raising the case of concern) or no concern with the reason, on SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/service/audits.h"
#include "daemon/service/classifications.h"
#include "daemon/service/concerns.h"
#include "tests/daemon/service/cycle_service_fixture.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleClassificationsServiceTest : public JanuaryServiceTest {
 protected:
  AuditRow submit(const Audit& audit, Grade grade) {
    return submit_audit(services(), caller(), audit.id,
                        answered({.overall = grade, .domains = {{"Quality of plans", grade}}}));
  }

  std::vector<Id> awaiting() {
    std::vector<Id> ids;
    for (const AuditRow& row : audits_awaiting_classification(services())) {
      ids.push_back(row.audit.id);
    }
    return ids;
  }

  std::vector<Concern> concerns() {
    return in_tx([](Transaction& tx) { return tx.load_authority().concerns; });
  }
};

TEST_P(CycleClassificationsServiceTest, AnInadequateSubmissionOrModerationAwaitsClassification) {
  EXPECT_TRUE(awaiting().empty());
  submit(first_, Grade::kInadequate);
  submit(second_, Grade::kGood);
  EXPECT_EQ(awaiting(), std::vector<Id>{first_.id});
  const AuditRow row = audits_awaiting_classification(services()).front();
  EXPECT_EQ(row.case_reference, child(first_.child_id).case_reference);
  EXPECT_FALSE(row.auditor_name.is_null());

  // The moderator's grade is the one that stands.
  moderate_audit(services(), caller(), second_.id, {.grade = Grade::kInadequate});
  moderate_audit(services(), caller(), first_.id, {.grade = Grade::kRequiresImprovement});
  EXPECT_EQ(awaiting(), std::vector<Id>{second_.id});
}

TEST_P(CycleClassificationsServiceTest, NoConcernNeedsTheReasonAndTakesTheAuditOffTheList) {
  submit(first_, Grade::kInadequate);
  const std::size_t changes = change_count();
  expect_refused<InputError>(
      [&] {
        classify_audit(services(), caller(), first_.id,
                       {.classification = Classification::kNoConcern});
      },
      "reason");
  expect_refused<InputError>(
      [&] {
        classify_audit(services(), caller(), first_.id,
                       {.classification = Classification::kCategory2, .reason = "why"});
      },
      "reason");
  EXPECT_EQ(change_count(), changes);

  const ClassifiedAudit classified = classify_audit(
      services(), caller(), first_.id,
      {.classification = Classification::kNoConcern, .reason = "plan already updated; safe"});
  EXPECT_FALSE(classified.concern);
  EXPECT_EQ(classified.row.audit.classification, Classification::kNoConcern);
  EXPECT_EQ(audit(first_.id).classification_reason, "plan already updated; safe");
  EXPECT_TRUE(awaiting().empty());
  const std::vector<Concern> all = concerns();
  EXPECT_TRUE(std::none_of(all.begin(), all.end(),
                           [&](const Concern& c) { return c.audit_id == first_.id; }));
  const auto rows = changes_of("audit", std::to_string(first_.id));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].action, "audit.classify");
  EXPECT_EQ(rows[0].actor, "test:coordinator");
}

TEST_P(CycleClassificationsServiceTest, Category1RaisesTheConcernAndWakesTheReminders) {
  int woken = 0;
  services().wake_reminders = [&] { ++woken; };
  submit(first_, Grade::kInadequate);
  const ClassifiedAudit classified = classify_audit(services(), caller(), first_.id,
                                                    {.classification = Classification::kCategory1});
  ASSERT_TRUE(classified.concern);
  EXPECT_EQ(classified.concern->view.concern.category, 1);
  EXPECT_EQ(classified.concern->view.concern.audit_id, first_.id);
  EXPECT_EQ(classified.row.audit.classification, Classification::kCategory1);
  EXPECT_TRUE(awaiting().empty());
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(changes_of("concern").size(), 1u);

  const std::size_t changes = change_count();
  expect_refused<Conflict>(
      [&] {
        classify_audit(services(), caller(), first_.id,
                       {.classification = Classification::kCategory2});
      },
      "classification", "already classified as category_1");
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleClassificationsServiceTest, Category2OnAChildWithAnOpenCategory1SaysSo) {
  // An earlier category 1 concern for the same child, open.
  const Id earlier = in_tx([&](Transaction& tx) {
    return tx.follow_up().insert_concern(
        {.child_id = first_.child_id, .category = 1, .raised_on = parse_date("2027-01-05")});
  });
  submit(first_, Grade::kInadequate);
  const ClassifiedAudit classified = classify_audit(services(), caller(), first_.id,
                                                    {.classification = Classification::kCategory2});
  ASSERT_TRUE(classified.concern);
  ASSERT_TRUE(classified.concern->open_category_1);
  EXPECT_NE(classified.concern->open_category_1->find("open category 1 case of concern (" +
                                                      std::to_string(earlier) +
                                                      ", raised on 2027-01-05)"),
            std::string::npos)
      << *classified.concern->open_category_1;
}

TEST_P(CycleClassificationsServiceTest, AConcernNeedsAGradedAuditAndOnlyInadequateIsClassified) {
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] {
        classify_audit(services(), caller(), first_.id,
                       {.classification = Classification::kCategory2});
      },
      "id", "a concern needs a graded audit");
  expect_refused<RuleViolation>(
      [&] { raise_concern(services(), caller(), {.audit_id = first_.id, .category = 2}); },
      "audit_id", "a concern needs a graded audit");
  submit(second_, Grade::kGood);
  const std::size_t submitted = change_count();
  expect_refused<RuleViolation>(
      [&] {
        classify_audit(services(), caller(), second_.id,
                       {.classification = Classification::kCategory2});
      },
      "id", "only an Inadequate audit is classified");
  expect_refused<NotFound>(
      [&] {
        classify_audit(services(), caller(), 999999,
                       {.classification = Classification::kCategory2});
      },
      "id");
  EXPECT_EQ(change_count(), submitted);
  EXPECT_EQ(submitted, changes + 1);
}

TEST_P(CycleClassificationsServiceTest, RaisingAConcernFromAnAwaitingAuditClassifiesIt) {
  submit(first_, Grade::kInadequate);
  raise_concern(services(), caller(), {.audit_id = first_.id, .category = 2});
  EXPECT_EQ(audit(first_.id).classification, Classification::kCategory2);
  EXPECT_TRUE(awaiting().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleClassificationsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
