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

  // The items due on `today` given what was told so far (told_).
  std::vector<DueItem> due(const char* today) { return due_on_day(day(today)); }
  std::vector<DueItem> due_on_day(Date today) {
    return due_on(authority_, calendar_, policy_, today, ReminderHistory(told_));
  }
  // As the due runner does: every item due is told, once (the ledger).
  std::vector<DueItem> tell(Date today) {
    std::vector<DueItem> fresh;
    for (DueItem& item : due_on_day(today)) {
      if (told_keys_.insert(item.key()).second) {
        told_.push_back({item.key(), today});
        for (const std::string& key : item.cover_keys()) told_.push_back({key, today});
        fresh.push_back(std::move(item));
      }
    }
    return fresh;
  }
  static Date next_day(Date date) {
    return Date{std::chrono::sys_days(date) + std::chrono::days(1)};
  }
  // The one item of `rule` (to `recipient`, when given) among `items`.
  static DueItem only(const std::vector<DueItem>& items, ReminderRule rule,
                      std::optional<Id> recipient = std::nullopt) {
    const auto matches = [&](const DueItem& item) {
      return item.rule == rule && (!recipient || item.recipient_id == *recipient);
    };
    EXPECT_EQ(std::count_if(items.begin(), items.end(), matches), 1) << to_string(rule);
    const auto it = std::find_if(items.begin(), items.end(), matches);
    return it == items.end() ? DueItem{} : *it;
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
  std::vector<ToldItem> told_;
  std::set<std::string> told_keys_;
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
  EXPECT_EQ(notice->fields.at("due_date"), "Wednesday 31 March 2027");
  EXPECT_EQ(notice->fields.at("month"), "March 2027");
  EXPECT_EQ(notice->fields.at("legal_status"), "Child in care");
  EXPECT_EQ(notice->duty, Duty::kOwn);
  EXPECT_FALSE(notice->flags.at("looped"));
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

TEST_F(RulesTest, ASentBackAuditIsToldToItsAuditorThenItsResubmissionToTheModeratorAgain) {
  Audit& audit = add_audit();
  audit.overall_grade = Grade::kGood;
  audit.submitted_on = day("2027-03-15");
  audit.status = AuditStatus::kSubmitted;
  EXPECT_EQ(tell(day("2027-03-15")).size(), 6u);  // submitted: the child's people, the moderator
  // Sent back: allocated again, with the moderation's outcome and reason.
  audit.status = AuditStatus::kAllocated;
  audit.moderated_grade = Grade::kRequiresImprovement;
  audit.outcome = AuditOutcome::kNotMeetingStandard;
  audit.moderated_on = day("2027-03-16");
  audit.moderation_comment = "Clear on the child's voice";
  audit.sent_back_reason = "Grade the plan against its review";
  const std::vector<DueItem> sent_back = tell(day("2027-03-17"));
  const DueItem told = only(sent_back, ReminderRule::kAuditSentBack, kAuditor);
  EXPECT_EQ(told.period, "2027-03-16");
  EXPECT_EQ(told.duty, Duty::kOwn);
  EXPECT_EQ(told.fields.at("sent_back_reason"), "Grade the plan against its review");
  EXPECT_EQ(told.fields.at("moderation_comment"), "Clear on the child's voice");
  EXPECT_EQ(told.fields.at("moderated_on"), "Tuesday 16 March 2027");
  EXPECT_EQ(told.fields.at("record_by"), "Wednesday 31 March 2027");
  EXPECT_EQ(told.fields.at("moderated_grade"), "Requires improvement");
  EXPECT_EQ(of_rule(sent_back, ReminderRule::kAuditSentBack).size(), 1u);
  EXPECT_TRUE(of_rule(tell(day("2027-03-18")), ReminderRule::kAuditSentBack).empty());  // once

  // Recorded again: the moderator (alone) is told again, keyed by that day.
  audit.status = AuditStatus::kSubmitted;
  audit.submitted_on = day("2027-03-18");
  audit.outcome.reset();
  audit.moderated_on.reset();
  audit.moderated_grade.reset();
  const std::vector<DueItem> again = tell(day("2027-03-19"));
  EXPECT_EQ(of_rule(again, ReminderRule::kAuditSubmitted),
            (std::multimap<std::string, Id>{{"resubmitted/2027-03-18", kModerator}}));
  const DueItem resubmitted = only(again, ReminderRule::kAuditSubmitted, kModerator);
  EXPECT_TRUE(resubmitted.flags.at("resubmitted"));
  EXPECT_EQ(resubmitted.fields.at("sent_back_reason"), "Grade the plan against its review");
  EXPECT_TRUE(of_rule(again, ReminderRule::kAuditSentBack).empty());

  // Sent back a second time, after its due date: told again, to record it as soon as they can.
  audit.status = AuditStatus::kAllocated;
  audit.outcome = AuditOutcome::kNotMeetingStandard;
  audit.moderated_on = day("2027-04-01");
  const DueItem second = only(tell(day("2027-04-01")), ReminderRule::kAuditSentBack, kAuditor);
  EXPECT_EQ(second.period, "2027-04-01");
  EXPECT_EQ(second.fields.at("record_by"), "");
  // A closed month is not recorded again: nobody is asked to.
  audit.moderated_on = day("2027-04-02");
  authority_.runs[0].status = MonthStatus::kClosed;
  EXPECT_TRUE(of_rule(due("2027-04-02"), ReminderRule::kAuditSentBack).empty());
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
            (std::multimap<std::string, Id>{{"3/2027-05-12", kTeamManager}}));
}

TEST_F(ActionRulesTest, OverdueLadderClimbsThenRepeatsWeeklyAtTheTop) {
  EXPECT_EQ(of_rule(due("2027-05-13"), ReminderRule::kActionOverdue),
            (std::multimap<std::string, Id>{{"owner/2027-05-12", kTeamManager}}));
  EXPECT_EQ(
      of_rule(due("2027-05-19"), ReminderRule::kActionOverdue).count("service_manager/2027-05-12"),
      1u);
  // Told every day, as the due runner does: the head of service hears on the
  // top step's day, then every five working days after (Spring bank holiday
  // Mon 31 May 2027: a week of working days after Wed 26 May ends Thu 3 June).
  std::vector<std::pair<std::string, std::string>> top;
  for (Date today = day("2027-05-13"); today <= day("2027-06-18"); today = next_day(today)) {
    for (const DueItem& item : tell(today)) {
      if (item.rule == ReminderRule::kActionOverdue && item.recipient_id == kHeadOfService) {
        top.emplace_back(format_date(today), item.period);
      }
    }
  }
  EXPECT_EQ(
      top, (std::vector<std::pair<std::string, std::string>>{{"2027-05-26", "2027-05-12"},
                                                             {"2027-06-03", "repeat-2027-06-03"},
                                                             {"2027-06-10", "repeat-2027-06-10"},
                                                             {"2027-06-17", "repeat-2027-06-17"}}));
}

// The head of service's digest listed each overdue action twice (its step and
// its repeat) when the rules first ran long after the due date, and the
// repeats then came back two working days later, on a grid fixed at the due
// date. Now: one item, then the repeat five working days after it.
TEST_F(ActionRulesTest, ACatchUpTellsTheTopRungOnceThenRepeatsOnTheInterval) {
  authority_.actions[0].due_date = day("2027-03-01");
  const std::vector<DueItem> first = tell(day("2027-05-05"));  // a Wednesday, long overdue
  EXPECT_EQ(of_rule(first, ReminderRule::kActionOverdue),
            (std::multimap<std::string, Id>{{"owner/2027-03-01", kTeamManager},
                                            {"service_manager/2027-03-01", kServiceManager},
                                            {"head_of_service/2027-03-01", kHeadOfService}}));
  std::vector<std::string> repeats;
  for (Date today = day("2027-05-06"); today <= day("2027-05-20"); today = next_day(today)) {
    for (const DueItem& item : tell(today)) {
      if (item.rule == ReminderRule::kActionOverdue) repeats.push_back(format_date(today));
    }
  }
  EXPECT_EQ(repeats, (std::vector<std::string>{"2027-05-12", "2027-05-19"}));
}

TEST_F(ActionRulesTest, SomeoneHoldingTwoRungsHearsTheHigherOnceADay) {
  // The service manager is also the head of service of this service.
  authority_.services[0].head_of_service_id = kServiceManager;
  const auto items = of_rule(due("2027-05-26"), ReminderRule::kActionOverdue);
  EXPECT_EQ(items,
            (std::multimap<std::string, Id>{{"owner/2027-05-12", kTeamManager},
                                            {"head_of_service/2027-05-12", kServiceManager}}));
}

TEST_F(ActionRulesTest, ItemsForSomeoneAwayGoToTheirLineManagerSayingWhy) {
  // The owner, the team manager, is on extended leave in May.
  authority_.exemptions.push_back({.id = 1,
                                   .staff_id = kTeamManager,
                                   .kind = ExemptionKind::kExtendedLeave,
                                   .first_month = Month(2027, 5),
                                   .last_month = Month(2027, 5),
                                   .reason = "sick leave"});
  const std::vector<DueItem> items = due("2027-05-13");
  const DueItem overdue = only(items, ReminderRule::kActionOverdue);
  EXPECT_EQ(overdue.recipient_id, kServiceManager);  // Tom Manager's line manager
  EXPECT_EQ(overdue.redirected_from, std::optional<Id>(kTeamManager));
  EXPECT_EQ(overdue.fields.at("away_name"), "Tom Manager");
  EXPECT_EQ(overdue.fields.at("away_reason"), "Extended leave or absence");
  EXPECT_EQ(overdue.fields.at("recipient_name"), "Sam Service");
  // When the line manager is away too, the next one up.
  authority_.exemptions.push_back({.id = 2,
                                   .staff_id = kServiceManager,
                                   .kind = ExemptionKind::kMaternityLeave,
                                   .first_month = Month(2027, 4)});
  EXPECT_EQ(only(due("2027-05-13"), ReminderRule::kActionOverdue).recipient_id, kHeadOfService);
  // Back in June: to them again.
  authority_.exemptions.resize(1);
  EXPECT_EQ(
      of_rule(due("2027-06-01"), ReminderRule::kActionOverdue).find("owner/2027-05-12")->second,
      kTeamManager);
  // Configured not to redirect: to them all the same.
  policy_.away_redirect = Rung::kOwner;
  EXPECT_EQ(only(due("2027-05-13"), ReminderRule::kActionOverdue).recipient_id, kTeamManager);
}

// An accepted proposal moves the due date: the owner is reminded of the new
// date, and the ladder climbs afresh from it rather than carrying on with the
// old date's repeats.
TEST_F(ActionRulesTest, AMovedDueDateIsRemindedAndEscalatedAfresh) {
  std::vector<std::string> told;
  for (Date today = day("2027-05-07"); today <= day("2027-07-09"); today = next_day(today)) {
    if (today == day("2027-05-28")) authority_.actions[0].due_date = day("2027-06-16");
    for (const DueItem& item : tell(today)) {
      if (item.subject_type != "action") continue;
      told.push_back(format_date(today) + " " + std::string(to_string(item.rule)) + " " +
                     item.level + "/" + item.period);
    }
  }
  EXPECT_EQ(told, (std::vector<std::string>{
                      "2027-05-07 action_due 3/2027-05-12",
                      "2027-05-13 action_overdue owner/2027-05-12",
                      "2027-05-19 action_overdue service_manager/2027-05-12",
                      "2027-05-26 action_overdue head_of_service/2027-05-12",
                      // Moved on the 28th to Wednesday 16 June.
                      "2027-06-11 action_due 3/2027-06-16",
                      "2027-06-17 action_overdue owner/2027-06-16",
                      "2027-06-23 action_overdue service_manager/2027-06-16",
                      "2027-06-30 action_overdue head_of_service/2027-06-16",
                      "2027-07-07 action_overdue head_of_service/repeat-2027-07-07",
                  }));
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

TEST_F(ConcernRulesTest, AnInadequateAuditAsksItsModeratorAndTheHeadOfServiceUntilClassified) {
  Audit& audit = add_audit();
  audit.status = AuditStatus::kSubmitted;
  audit.overall_grade = Grade::kInadequate;
  audit.submitted_on = day("2027-03-15");
  const auto items = due("2027-03-16");
  EXPECT_EQ(recipients(of_rule(items, ReminderRule::kClassificationRequest)),
            (std::set<Id>{kModerator, kHeadOfService}));
  const auto request = std::find_if(items.begin(), items.end(), [](const DueItem& i) {
    return i.rule == ReminderRule::kClassificationRequest;
  });
  EXPECT_EQ(request->fields.at("case_reference"), "LCS-0000001");
  EXPECT_EQ(request->fields.at("graded_by"), "the auditor");
  EXPECT_FALSE(request->urgent);

  // Long after the submission it is no news: no more asking (the list keeps it).
  EXPECT_TRUE(of_rule(due("2027-04-30"), ReminderRule::kClassificationRequest).empty());
  // Moderated up to requires improvement: nothing to classify.
  audit.status = AuditStatus::kModerated;
  audit.moderated_on = day("2027-03-17");
  audit.moderated_grade = Grade::kRequiresImprovement;
  EXPECT_TRUE(of_rule(due("2027-03-17"), ReminderRule::kClassificationRequest).empty());
  // Moderated Inadequate, then classified: asked, then no more.
  audit.moderated_grade = Grade::kInadequate;
  EXPECT_EQ(of_rule(due("2027-03-17"), ReminderRule::kClassificationRequest).size(), 2u);
  audit.classification = Classification::kNoConcern;
  EXPECT_TRUE(of_rule(due("2027-03-17"), ReminderRule::kClassificationRequest).empty());
}

TEST_F(ConcernRulesTest, CategoryTwoOnAChildWithAnOpenCategoryOneSaysSo) {
  raise(1, "2027-03-01");
  raise(2, "2027-03-08");
  const auto items = due("2027-03-08");
  const auto category_2 = std::find_if(items.begin(), items.end(), [](const DueItem& i) {
    return i.rule == ReminderRule::kConcernRaised && i.level == "2";
  });
  ASSERT_NE(category_2, items.end());
  EXPECT_EQ(category_2->fields.at("open_category_1"),
            "The child also has an open category 1 case of concern, raised on Monday 1 March "
            "2027.");
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

TEST_F(RulesTest, ImpactFollowUpAsksForAReplyAfterTheDayItIsSent) {
  Audit& audit = add_audit();
  audit.status = AuditStatus::kModerated;
  audit.moderated_on = day("2027-03-10");
  const DueItem item = only(due("2027-04-21"), ReminderRule::kImpactFollowUp, kAuditor);
  // Ten working days after Wed 21 April 2027 (Mon 3 May is a bank holiday).
  EXPECT_EQ(item.fields.at("reply_by"), "Thursday 6 May 2027");
  EXPECT_EQ(item.fields.at("moderated_on"), "Wednesday 10 March 2027");
  // Found late (inside the grace days), the reply date moves with the day it is sent.
  EXPECT_EQ(only(due("2027-04-28"), ReminderRule::kImpactFollowUp, kAuditor).fields.at("reply_by"),
            "Thursday 13 May 2027");
}

TEST_F(RulesTest, AnAuditorTakenOffAnAuditIsToldAndTheNewOneToo) {
  add_audit();
  tell(day("2027-03-01"));                           // Alex Auditor hears of the allocation
  authority_.audits[0].auditor_id = kSecondAuditor;  // reassigned
  const std::vector<DueItem> items = tell(day("2027-03-02"));
  const DueItem removed = only(items, ReminderRule::kAuditRemoved);
  EXPECT_EQ(removed.recipient_id, kAuditor);
  EXPECT_EQ(removed.level, "reassigned");
  EXPECT_EQ(removed.fields.at("new_auditor_name"), "Bea Second");
  EXPECT_FALSE(removed.flags.at("withdrawn"));
  EXPECT_EQ(only(items, ReminderRule::kAllocationNotice).recipient_id, kSecondAuditor);
  // Told once.
  EXPECT_TRUE(of_rule(tell(day("2027-03-03")), ReminderRule::kAuditRemoved).empty());
}

TEST_F(RulesTest, AModeratorTakenOffAnAuditIsToldAndTheNewOneHearsOfIt) {
  add_audit();
  add_audit();
  authority_.audits[1].auditor_id = kSecondAuditor;
  authority_.audits[1].moderator_id = kLineManager;
  const std::vector<DueItem> lists = tell(day("2027-03-01"));
  EXPECT_EQ(recipients(of_rule(lists, ReminderRule::kModerationList)),
            (std::set<Id>{kModerator, kLineManager}));
  EXPECT_TRUE(of_rule(tell(day("2027-03-02")), ReminderRule::kModerationRemoved).empty());

  // Reassigned: its moderator is now the one with the other audit.
  Audit& first = authority_.audits[0];
  first.auditor_id = kIro;
  first.moderator_id = kLineManager;
  const std::vector<DueItem> changed = tell(day("2027-03-03"));
  const DueItem removed = only(changed, ReminderRule::kModerationRemoved, kModerator);
  EXPECT_EQ(removed.subject_id, first.id);
  EXPECT_EQ(removed.level, "reassigned");
  EXPECT_EQ(removed.fields.at("new_moderator_name"), "Lee Line");
  EXPECT_EQ(removed.fields.at("new_auditor_name"), "Ira Chair");
  const DueItem assigned = only(changed, ReminderRule::kModerationList, kLineManager);
  EXPECT_EQ(assigned.subject_type, "audit");
  EXPECT_EQ(assigned.subject_id, first.id);
  EXPECT_EQ(assigned.fields.at("previous_moderator_name"), "Mo Moderator");
  EXPECT_EQ(assigned.fields.at("auditor_name"), "Ira Chair");
  EXPECT_EQ(of_rule(changed, ReminderRule::kModerationRemoved).size(), 1u);
  // Once each.
  const std::vector<DueItem> next = tell(day("2027-03-04"));
  EXPECT_TRUE(of_rule(next, ReminderRule::kModerationRemoved).empty());
  EXPECT_TRUE(of_rule(next, ReminderRule::kModerationList).empty());

  // Withdrawn, its child given to another auditor moderated by the first
  // moderator: the one taken off hears so, the first hears of the new audit.
  first.status = AuditStatus::kWithdrawn;
  const Id replacement_id = add_audit().id;  // moderated by kModerator
  authority_.audits.back().auditor_id = kSecondAuditor;
  const std::vector<DueItem> withdrawn = tell(day("2027-03-05"));
  const DueItem gone = only(withdrawn, ReminderRule::kModerationRemoved, kLineManager);
  EXPECT_EQ(gone.level, "withdrawn");
  EXPECT_TRUE(gone.flags.at("withdrawn"));
  EXPECT_EQ(gone.fields.at("new_moderator_name"), "Mo Moderator");
  const DueItem given = only(withdrawn, ReminderRule::kModerationList, kModerator);
  EXPECT_EQ(given.subject_id, replacement_id);
  EXPECT_EQ(given.fields.at("previous_moderator_name"), "Lee Line");
  // A closed month is history: nobody is told.
  authority_.audits[1].moderator_id = kDirector;
  authority_.runs[0].status = MonthStatus::kClosed;
  EXPECT_TRUE(of_rule(due("2027-03-08"), ReminderRule::kModerationRemoved).empty());
}

TEST_F(RulesTest, AWithdrawnAuditIsToldToItsAuditorWithTheExemption) {
  add_audit();
  tell(day("2027-03-01"));
  authority_.audits[0].status = AuditStatus::kWithdrawn;
  authority_.exemptions.push_back({.id = 1,
                                   .staff_id = kAuditor,
                                   .kind = ExemptionKind::kSingleMonth,
                                   .first_month = Month(2027, 3),
                                   .last_month = Month(2027, 3),
                                   .reason = "court week",
                                   .authorised_by = kDirector});
  const DueItem removed = only(tell(day("2027-03-02")), ReminderRule::kAuditRemoved);
  EXPECT_EQ(removed.recipient_id, kAuditor);
  EXPECT_TRUE(removed.flags.at("withdrawn"));
  EXPECT_EQ(removed.fields.at("exemption"), "Single month (authorised by a director)");
  // Nobody is told of a withdrawal of an allocation they never heard of.
  add_audit().auditor_id = kSecondAuditor;
  authority_.audits[1].status = AuditStatus::kWithdrawn;
  EXPECT_TRUE(of_rule(tell(day("2027-03-03")), ReminderRule::kAuditRemoved).empty());
}

TEST_F(RulesTest, AnAuditorOnLeaveIsNotChasedTheirLineManagerIsAndHearsWhy) {
  add_audit(day("2027-03-31"));
  authority_.exemptions.push_back({.id = 1,
                                   .staff_id = kAuditor,
                                   .kind = ExemptionKind::kMaternityLeave,
                                   .first_month = Month(2027, 3)});
  const std::vector<DueItem> items = due("2027-03-30");
  for (const DueItem& item : items) EXPECT_NE(item.recipient_id, kAuditor) << item.key();
  const DueItem reminder = only(items, ReminderRule::kAuditDue);
  EXPECT_EQ(reminder.recipient_id, kLineManager);
  EXPECT_EQ(reminder.duty, Duty::kOversee);
  EXPECT_EQ(reminder.fields.at("away_reason"), "Maternity leave");
}

TEST_F(ConcernRulesTest, CategoryOneNamesWhoRespondsAndByWhen) {
  raise(1, "2027-03-08");
  const std::vector<DueItem> items = due("2027-03-08");
  for (const DueItem& item : items) {
    if (item.rule != ReminderRule::kConcernRaised) continue;
    EXPECT_EQ(item.fields.at("head_of_service_name"), "Hannah Head");
    EXPECT_EQ(item.fields.at("director_name"), "Dee Director");
    EXPECT_EQ(item.fields.at("respond_by"), "Monday 8 March 2027");
    EXPECT_EQ(item.flags.at("to_head_of_service"), item.recipient_id == kHeadOfService);
  }
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
    for (const DueItem& item : tell(today)) {
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
  EXPECT_EQ(action_order[0], "owner/2027-05-12");
  EXPECT_EQ(action_order[1], "service_manager/2027-05-12");
  EXPECT_EQ(action_order[2], "head_of_service/2027-05-12");
  EXPECT_EQ(action_order[3].rfind("head_of_service/repeat-", 0), 0u) << action_order[3];
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
