#include "scheduler/reminders/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace caseaudit {
namespace {

Date day(const char* text) { return parse_date(text); }

// One service with one team and its chain: worker -> team manager -> service
// manager -> head of service -> director; an auditor from elsewhere whose line
// manager is `line_manager`; one child in the team.
class RulesTest : public ::testing::Test {
 protected:
  enum : Id {
    kWorker = 1,
    kTeamManager,
    kServiceManager,
    kHeadOfService,
    kDirector,
    kAuditor,
    kLineManager,
    kModerator,
    kIro,
    kSecondAuditor
  };

  RulesTest() : calendar_(Calendar::england_and_wales()) {
    authority_.services.push_back({.id = 1,
                                   .name = "Children in Care",
                                   .service_manager_id = kServiceManager,
                                   .head_of_service_id = kHeadOfService,
                                   .director_id = kDirector});
    authority_.teams.push_back(
        {.id = 1, .name = "Fostering 1", .service_id = 1, .team_manager_id = kTeamManager});
    authority_.teams.push_back({.id = 2, .name = "QA", .service_id = 1});
    add_staff(kWorker, "Wendy Worker", Role::kSocialWorker, 1, kTeamManager);
    add_staff(kTeamManager, "Tom Manager", Role::kTeamManager, 1, kServiceManager);
    add_staff(kServiceManager, "Sam Service", Role::kServiceManager, std::nullopt, kHeadOfService);
    add_staff(kHeadOfService, "Hannah Head", Role::kHeadOfService, std::nullopt, kDirector);
    add_staff(kDirector, "Dee Director", Role::kDirector, std::nullopt, std::nullopt);
    add_staff(kAuditor, "Alex Auditor", Role::kAdvancedPractitioner, 2, kLineManager);
    add_staff(kLineManager, "Lee Line", Role::kTeamManager, 2, kHeadOfService);
    add_staff(kModerator, "Mo Moderator", Role::kQaOfficer, 2, kLineManager);
    add_staff(kIro, "Ira Chair", Role::kIroCpChair, std::nullopt, kHeadOfService);
    add_staff(kSecondAuditor, "Bea Second", Role::kPracticeSupervisor, 2, kLineManager);
    authority_.children.push_back({.id = 1,
                                   .case_reference = "LCS-0000001",
                                   .team_id = 1,
                                   .legal_status = LegalStatus::kChildInCare,
                                   .iro_id = kIro,
                                   .allocated_worker_id = kWorker});
    authority_.runs.push_back(
        {.id = 1, .month = Month(2027, 3), .status = MonthStatus::kAllocated});
  }

  void add_staff(Id id, const char* name, Role role, std::optional<Id> team,
                 std::optional<Id> line_manager) {
    authority_.staff.push_back({.id = id,
                                .name = name,
                                .email = std::string(name) + "@x.example",
                                .role = role,
                                .team_id = team,
                                .line_manager_id = line_manager});
  }

  Audit& add_audit(Date due = parse_date("2027-03-31")) {
    authority_.audits.push_back({.id = static_cast<Id>(authority_.audits.size() + 1),
                                 .month = Month(2027, 3),
                                 .child_id = 1,
                                 .auditor_id = kAuditor,
                                 .moderator_id = kModerator,
                                 .due_date = due});
    return authority_.audits.back();
  }

  std::vector<DueItem> due(const char* today) {
    return due_on(authority_, calendar_, policy_, day(today));
  }

  // "rule/level/period -> recipient" for items of one rule, for compact asserts.
  std::multimap<std::string, Id> of_rule(const std::vector<DueItem>& items, ReminderRule rule) {
    std::multimap<std::string, Id> found;
    for (const DueItem& item : items) {
      if (item.rule == rule) found.emplace(item.level + "/" + item.period, item.recipient_id);
    }
    return found;
  }

  static std::set<Id> recipients(const std::multimap<std::string, Id>& items) {
    std::set<Id> ids;
    for (const auto& entry : items) ids.insert(entry.second);
    return ids;
  }

  Authority authority_;
  Calendar calendar_;
  ReminderPolicy policy_;
};

TEST_F(RulesTest, AllocationNoticeGoesToTheAuditorAndAListToTheModerator) {
  add_audit();
  const auto items = due("2027-03-01");
  EXPECT_EQ(of_rule(items, ReminderRule::kAllocationNotice),
            (std::multimap<std::string, Id>{{"/2027-03", kAuditor}}));
  EXPECT_EQ(of_rule(items, ReminderRule::kModerationList),
            (std::multimap<std::string, Id>{{"/2027-03", kModerator}}));
  const auto notice = std::find_if(items.begin(), items.end(), [](const DueItem& i) {
    return i.rule == ReminderRule::kAllocationNotice;
  });
  EXPECT_EQ(notice->fields.at("case_reference"), "LCS-0000001");
  EXPECT_EQ(notice->fields.at("team_name"), "Fostering 1");
  EXPECT_EQ(notice->fields.at("due_date"), "2027-03-31");
  EXPECT_EQ(notice->fields.at("moderator_name"), "Mo Moderator");
}

TEST_F(RulesTest, AuditDueRemindersFiveAndOneWorkingDaysBefore) {
  add_audit(day("2027-02-26"));  // a Friday
  EXPECT_TRUE(of_rule(due("2027-02-18"), ReminderRule::kAuditDue).empty());
  EXPECT_EQ(of_rule(due("2027-02-19"), ReminderRule::kAuditDue),  // 5 working days before
            (std::multimap<std::string, Id>{{"5/", kAuditor}}));
  EXPECT_EQ(of_rule(due("2027-02-24"), ReminderRule::kAuditDue),
            (std::multimap<std::string, Id>{{"5/", kAuditor}}));
  EXPECT_EQ(of_rule(due("2027-02-25"), ReminderRule::kAuditDue),
            (std::multimap<std::string, Id>{{"1/", kAuditor}}));
  // Past due: escalations instead.
  EXPECT_TRUE(of_rule(due("2027-02-27"), ReminderRule::kAuditDue).empty());
}

TEST_F(RulesTest, AuditDueRemindersSkipBankHolidays) {
  add_audit(day("2027-03-31"));  // Wednesday after Easter
  EXPECT_EQ(of_rule(due("2027-03-30"), ReminderRule::kAuditDue),
            (std::multimap<std::string, Id>{{"1/", kAuditor}}));
  // Past due: escalations instead.
  EXPECT_TRUE(of_rule(due("2027-04-01"), ReminderRule::kAuditDue).empty());
}

TEST_F(RulesTest, AuditDueCountsWorkingDaysAcrossEaster) {
  // Good Friday 26 Mar and Easter Monday 29 Mar 2027 are bank holidays, so
  // five working days before Wed 31 Mar is Mon 22 Mar.
  add_audit(day("2027-03-31"));
  EXPECT_TRUE(of_rule(due("2027-03-19"), ReminderRule::kAuditDue).empty());
  EXPECT_EQ(of_rule(due("2027-03-22"), ReminderRule::kAuditDue).count("5/"), 1u);
  policy_.audit_due_days_before = {3};
  EXPECT_EQ(of_rule(due("2027-03-24"), ReminderRule::kAuditDue).count("3/"), 1u);  // 24, 25, 30
  EXPECT_TRUE(of_rule(due("2027-03-23"), ReminderRule::kAuditDue).empty());
}

TEST_F(RulesTest, SubmittedAuditIsNeverChased) {
  Audit& audit = add_audit();
  audit.status = AuditStatus::kSubmitted;
  audit.submitted_on = day("2027-03-20");
  EXPECT_TRUE(of_rule(due("2027-03-30"), ReminderRule::kAuditDue).empty());
  EXPECT_TRUE(of_rule(due("2027-04-12"), ReminderRule::kAuditLate).empty());
  EXPECT_TRUE(of_rule(due("2027-03-30"), ReminderRule::kAllocationNotice).empty());
}

TEST_F(RulesTest, LateReturnEscalatesToLineManagerThenHeadOfService) {
  add_audit(day("2027-03-31"));
  EXPECT_TRUE(of_rule(due("2027-03-31"), ReminderRule::kAuditLate).empty());
  EXPECT_EQ(of_rule(due("2027-04-01"), ReminderRule::kAuditLate),
            (std::multimap<std::string, Id>{{"line_manager/", kLineManager}}));
  // +5 working days: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 April.
  EXPECT_EQ(of_rule(due("2027-04-06"), ReminderRule::kAuditLate).size(), 1u);
  EXPECT_EQ(of_rule(due("2027-04-07"), ReminderRule::kAuditLate),
            (std::multimap<std::string, Id>{{"line_manager/", kLineManager},
                                            {"head_of_service/", kHeadOfService}}));
}

TEST_F(RulesTest, ClosedMonthIsNotChased) {
  add_audit(day("2027-03-31"));
  authority_.runs[0].status = MonthStatus::kClosed;
  EXPECT_TRUE(of_rule(due("2027-04-07"), ReminderRule::kAuditLate).empty());
}

TEST_F(RulesTest, SubmissionIsAnnouncedToTheChildsPeopleAndTheModeratorOnce) {
  Audit& audit = add_audit();
  audit.status = AuditStatus::kSubmitted;
  audit.overall_grade = Grade::kGood;
  audit.submitted_on = day("2027-03-15");
  EXPECT_EQ(of_rule(due("2027-03-15"), ReminderRule::kAuditSubmitted),
            (std::multimap<std::string, Id>{{"/", kWorker},
                                            {"/", kTeamManager},
                                            {"/", kServiceManager},
                                            {"/", kHeadOfService},
                                            {"/", kModerator},
                                            {"/", kIro}}));
  // Old news is history, not a notice.
  EXPECT_TRUE(of_rule(due("2027-03-23"), ReminderRule::kAuditSubmitted).empty());
}

TEST_F(RulesTest, LoopedAuditsWithDifferentGradesCallAModerationMeeting) {
  Audit& first = add_audit();
  first.loop_group = 1;
  first.status = AuditStatus::kSubmitted;
  first.overall_grade = Grade::kGood;
  Audit& second = add_audit();
  second.auditor_id = kSecondAuditor;
  second.loop_group = 1;
  second.status = AuditStatus::kSubmitted;
  second.overall_grade = Grade::kRequiresImprovement;
  EXPECT_EQ(of_rule(due("2027-03-20"), ReminderRule::kLoopMeeting),
            (std::multimap<std::string, Id>{
                {"/2027-03", kAuditor}, {"/2027-03", kModerator}, {"/2027-03", kSecondAuditor}}));
  authority_.audits[1].overall_grade = Grade::kGood;
  EXPECT_TRUE(of_rule(due("2027-03-20"), ReminderRule::kLoopMeeting).empty());
}

class ActionRulesTest : public RulesTest {
 protected:
  ActionRulesTest() {
    add_audit();
    authority_.actions.push_back({.id = 1,
                                  .audit_id = 1,
                                  .description = "Update the plan",
                                  .owner_id = kTeamManager,
                                  .due_date = day("2027-05-12")});
  }
};

TEST_F(ActionRulesTest, ReminderThreeWorkingDaysBefore) {
  EXPECT_TRUE(of_rule(due("2027-05-06"), ReminderRule::kActionDue).empty());
  EXPECT_EQ(of_rule(due("2027-05-07"), ReminderRule::kActionDue),
            (std::multimap<std::string, Id>{{"3/", kTeamManager}}));
}

TEST_F(ActionRulesTest, OverdueLadderClimbsThenRepeatsWeeklyAtTheTop) {
  EXPECT_EQ(of_rule(due("2027-05-13"), ReminderRule::kActionOverdue),
            (std::multimap<std::string, Id>{{"owner/", kTeamManager}}));
  EXPECT_EQ(of_rule(due("2027-05-19"), ReminderRule::kActionOverdue).count("service_manager/"), 1u);
  const auto at_top = of_rule(due("2027-05-26"), ReminderRule::kActionOverdue);
  EXPECT_EQ(at_top.count("head_of_service/"), 1u);
  EXPECT_EQ(at_top.find("head_of_service/")->second, kHeadOfService);
  EXPECT_EQ(at_top.count("head_of_service/repeat-1"), 0u);
  // Spring bank holiday Mon 31 May 2027: a week of working days ends Thu 3 June.
  EXPECT_EQ(
      of_rule(due("2027-06-02"), ReminderRule::kActionOverdue).count("head_of_service/repeat-1"),
      0u);
  EXPECT_EQ(
      of_rule(due("2027-06-03"), ReminderRule::kActionOverdue).count("head_of_service/repeat-1"),
      1u);
}

TEST_F(ActionRulesTest, CompletingTheActionStopsTheLadderAtOnce) {
  authority_.actions[0].status = ActionStatus::kCompleted;
  EXPECT_TRUE(of_rule(due("2027-05-26"), ReminderRule::kActionOverdue).empty());
  EXPECT_TRUE(of_rule(due("2027-05-07"), ReminderRule::kActionDue).empty());
}

// reminder_horizon() is what DueRunner loads actions up to: an action due
// exactly on it is reminded that day, and an action due one day later gives
// no item at all, so leaving the later ones unloaded loses nothing. Every
// day of 14 months (Christmas, Easter, the May bank holidays), several
// policies.
TEST_F(ActionRulesTest, AnActionDueExactlyAtTheHorizonIsRemindedAndNoLaterOneIsDue) {
  authority_.actions.push_back(authority_.actions[0]);
  authority_.actions[1].id = 2;
  for (int days_before : {0, 1, 3, 5, 10}) {
    policy_.action_due_days_before = days_before;
    for (Date today = day("2026-12-01"); today <= day("2028-01-31");
         today = Date{std::chrono::sys_days(today) + std::chrono::days(1)}) {
      const Date horizon = reminder_horizon(calendar_, policy_, today);
      authority_.actions[0].due_date = horizon;
      authority_.actions[1].due_date = Date{std::chrono::sys_days(horizon) + std::chrono::days(1)};
      std::map<Id, std::set<std::string>> rules_by_action;
      for (const DueItem& item : due_on(authority_, calendar_, policy_, today)) {
        if (item.subject_type == "action")
          rules_by_action[item.subject_id].insert(std::string(to_string(item.rule)));
      }
      ASSERT_EQ(rules_by_action[1], std::set<std::string>{"action_due"})
          << format_date(today) << ", " << days_before << " working days before";
      ASSERT_TRUE(rules_by_action[2].empty())
          << format_date(today) << ", " << days_before << " working days before";
    }
  }
}

class ConcernRulesTest : public RulesTest {
 protected:
  Concern& raise(int category, const char* on) {
    authority_.concerns.push_back({.id = static_cast<Id>(authority_.concerns.size() + 1),
                                   .child_id = 1,
                                   .category = category,
                                   .raised_on = day(on)});
    return authority_.concerns.back();
  }
};

TEST_F(ConcernRulesTest, CategoryOneGoesAtOnceToHeadOfServiceAndDirector) {
  raise(1, "2027-03-06");  // a Saturday: urgent items ignore working days
  const auto items = due("2027-03-06");
  EXPECT_EQ(of_rule(items, ReminderRule::kConcernRaised),
            (std::multimap<std::string, Id>{{"1/", kHeadOfService}, {"1/", kDirector}}));
  for (const DueItem& item : items) {
    if (item.rule == ReminderRule::kConcernRaised) {
      EXPECT_TRUE(item.urgent);
    }
  }
}

// urgent_due_on() is due_on() without the non-urgent items, day after day.
TEST_F(ConcernRulesTest, UrgentDueOnIsTheUrgentPartOfDueOn) {
  add_audit();
  authority_.actions.push_back({.id = 1,
                                .audit_id = 1,
                                .description = "Update the plan",
                                .owner_id = kTeamManager,
                                .due_date = day("2027-03-10")});
  raise(1, "2027-03-06");
  raise(2, "2027-03-08");
  raise(1, "2027-03-20");
  std::size_t urgent_seen = 0;
  for (Date today = day("2027-03-01"); today <= day("2027-04-30");
       today = Date{std::chrono::sys_days(today) + std::chrono::days(1)}) {
    std::vector<std::string> expected, got;
    for (const DueItem& item : due_on(authority_, calendar_, policy_, today)) {
      if (item.urgent) expected.push_back(item.key());
    }
    for (const DueItem& item : urgent_due_on(authority_, calendar_, policy_, today)) {
      got.push_back(item.key());
    }
    EXPECT_EQ(got, expected) << format_date(today);
    urgent_seen += got.size();
  }
  EXPECT_GT(urgent_seen, 0u);
}

TEST_F(ConcernRulesTest, CategoryTwoGoesToTheHeadOfServiceNotUrgent) {
  raise(2, "2027-03-08");
  const auto items = due("2027-03-08");
  EXPECT_EQ(of_rule(items, ReminderRule::kConcernRaised),
            (std::multimap<std::string, Id>{{"2/", kHeadOfService}}));
  EXPECT_FALSE(items.front().urgent);
}

TEST_F(ConcernRulesTest, MonthlyUpdateReminderThenDirectorWhenLate) {
  raise(2, "2027-03-08");
  // April's update is due on Fri 30 April 2027: reminder from Fri 23 April.
  EXPECT_TRUE(of_rule(due("2027-04-22"), ReminderRule::kConcernUpdate).empty());
  EXPECT_EQ(of_rule(due("2027-04-23"), ReminderRule::kConcernUpdate),
            (std::multimap<std::string, Id>{{"reminder/2027-04", kHeadOfService}}));
  // Five working days late (bank holiday Mon 3 May): Mon 10 May.
  EXPECT_EQ(of_rule(due("2027-05-07"), ReminderRule::kConcernUpdate).count("overdue/2027-04"), 0u);
  EXPECT_EQ(of_rule(due("2027-05-10"), ReminderRule::kConcernUpdate).count("overdue/2027-04"), 1u);
  // Recording the update stops both.
  authority_.concern_updates.push_back(
      {.id = 1, .concern_id = 1, .month = Month(2027, 4), .note = "Plan in place"});
  EXPECT_EQ(of_rule(due("2027-05-10"), ReminderRule::kConcernUpdate).count("overdue/2027-04"), 0u);
}

TEST_F(ConcernRulesTest, OpenOverTwelveMonthsIsReportedMonthly) {
  raise(2, "2026-03-10");
  EXPECT_TRUE(of_rule(due("2027-03-09"), ReminderRule::kConcernLongOpen).empty());
  EXPECT_EQ(of_rule(due("2027-03-10"), ReminderRule::kConcernLongOpen),
            (std::multimap<std::string, Id>{{"/2027-03", kDirector}}));
  EXPECT_EQ(of_rule(due("2027-04-01"), ReminderRule::kConcernLongOpen),
            (std::multimap<std::string, Id>{{"/2027-04", kDirector}}));
  authority_.concerns[0].status = ConcernStatus::kResolved;
  EXPECT_TRUE(of_rule(due("2027-04-01"), ReminderRule::kConcernLongOpen).empty());
}

TEST_F(RulesTest, ImpactFollowUpSixWeeksAfterCompletion) {
  Audit& audit = add_audit();
  audit.status = AuditStatus::kModerated;
  audit.moderated_on = day("2027-03-10");
  EXPECT_TRUE(of_rule(due("2027-04-20"), ReminderRule::kImpactFollowUp).empty());
  EXPECT_EQ(recipients(of_rule(due("2027-04-21"), ReminderRule::kImpactFollowUp)),
            (std::set<Id>{kAuditor, kTeamManager}));
  EXPECT_TRUE(of_rule(due("2027-06-01"), ReminderRule::kImpactFollowUp).empty());
}

// A simulated year: every item's key first appears on exactly one day, and
// on that day its rule's condition has just become true, so running the rules
// daily and de-duplicating by key tells each person each thing once.
TEST_F(RulesTest, SimulatedYearEachKeyFirstDueOnceAndInOrder) {
  add_audit(day("2027-03-31"));
  authority_.actions.push_back({.id = 1,
                                .audit_id = 1,
                                .description = "Plan",
                                .owner_id = kTeamManager,
                                .due_date = day("2027-05-12")});
  authority_.concerns.push_back(
      {.id = 1, .child_id = 1, .category = 2, .raised_on = day("2027-03-08")});
  std::map<std::string, Date> first_seen;
  std::vector<std::string> action_order;
  for (Date today = day("2027-03-01"); today <= day("2028-02-29");
       today = Date{std::chrono::sys_days(today) + std::chrono::days(1)}) {
    for (const DueItem& item : due_on(authority_, calendar_, policy_, today)) {
      if (first_seen.emplace(item.key(), today).second &&
          item.rule == ReminderRule::kActionOverdue) {
        action_order.push_back(item.level + "/" + item.period);
      }
    }
  }
  EXPECT_EQ(first_seen.at(DueItem{.rule = ReminderRule::kAuditDue,
                                  .subject_type = "audit",
                                  .subject_id = 1,
                                  .level = "5",
                                  .recipient_id = kAuditor}
                              .key()),
            day("2027-03-22"));
  ASSERT_GE(action_order.size(), 4u);
  EXPECT_EQ(action_order[0], "owner/");
  EXPECT_EQ(action_order[1], "service_manager/");
  EXPECT_EQ(action_order[2], "head_of_service/");
  EXPECT_EQ(action_order[3], "head_of_service/repeat-1");
  // Monthly concern update reminders run for every month after March.
  EXPECT_TRUE(first_seen.contains(DueItem{.rule = ReminderRule::kConcernUpdate,
                                          .subject_type = "concern",
                                          .subject_id = 1,
                                          .level = "reminder",
                                          .period = "2028-01",
                                          .recipient_id = kHeadOfService}
                                      .key()));
  // No key is first seen on a weekend or bank holiday except urgent ones;
  // the only non-urgent sweep input here is working-day based.
  for (const auto& [key, seen] : first_seen) {
    if (key.rfind("concern_raised", 0) == 0 || key.rfind("allocation_notice", 0) == 0 ||
        key.rfind("moderation_list", 0) == 0 || key.rfind("concern_long_open", 0) == 0) {
      continue;
    }
    EXPECT_TRUE(calendar_.is_working_day(seen)) << key << " first due on " << format_date(seen);
  }
}

}  // namespace
}  // namespace caseaudit
