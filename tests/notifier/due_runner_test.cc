// The due runner against the real store (SQLite in memory): what reaches the
// outbox, when, and never twice.
#include "notifier/due_runner.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "db/database.h"
#include "scheduler/reminders/rules.h"

namespace caseaudit::notifier {
namespace {

Date day(const char* text) { return parse_date(text); }

class DueRunnerTest : public ::testing::Test {
 protected:
  DueRunnerTest()
      : zone_(date::locate_zone("Europe/London")),
        window_(Calendar::england_and_wales(), zone_),
        templates_(TemplateSet::defaults()),
        database_(db::Database::open("sqlite::memory:", clock_)) {
    database_->migrate();
  }

  // One service, one team with its chain, an auditor and a moderator from
  // another team, one child, and March 2027 allocated.
  void load(const std::function<void(Authority&)>& extra = {}) {
    Authority a;
    a.services.push_back({.id = 1,
                          .name = "Children in Care",
                          .service_manager_id = 3,
                          .head_of_service_id = 4,
                          .director_id = 5});
    a.teams.push_back({.id = 1, .name = "Fostering 1", .service_id = 1, .team_manager_id = 2});
    a.teams.push_back({.id = 2, .name = "QA", .service_id = 1});
    const auto person = [&a](Id id, const char* name, Role role, std::optional<Id> team,
                             std::optional<Id> manager) {
      a.staff.push_back(
          {.id = id,
           .name = name,
           .email = std::string(name).substr(0, std::string(name).find(' ')) + "@council.example",
           .role = role,
           .team_id = team,
           .line_manager_id = manager});
    };
    person(1, "Wendy Worker", Role::kSocialWorker, 1, 2);
    person(2, "Tom Manager", Role::kTeamManager, 1, 3);
    person(3, "Sam Service", Role::kServiceManager, std::nullopt, 4);
    person(4, "Hannah Head", Role::kHeadOfService, std::nullopt, 5);
    person(5, "Dee Director", Role::kDirector, std::nullopt, std::nullopt);
    person(6, "Alex Auditor", Role::kAdvancedPractitioner, 2, 7);
    person(7, "Lee Line", Role::kTeamManager, 2, 4);
    person(8, "Mo Moderator", Role::kQaOfficer, 2, 7);
    a.staff[5].auditor = true;
    a.staff[7].moderator_capacity = 2;
    a.children.push_back({.id = 1,
                          .case_reference = "LCS-0000001",
                          .team_id = 1,
                          .legal_status = LegalStatus::kChildInCare,
                          .allocated_worker_id = 1});
    a.runs.push_back({.id = 1, .month = Month(2027, 3), .status = MonthStatus::kAllocated});
    a.audits.push_back({.id = 1,
                        .month = Month(2027, 3),
                        .child_id = 1,
                        .auditor_id = 6,
                        .moderator_id = 8,
                        .due_date = day("2027-03-31")});
    if (extra) extra(a);
    database_->store().transact([&](Transaction& tx) { db::import_authority(tx, a); });
  }

  Instant at(const char* local_day, int hour, int minute = 0) {
    return at_local(day(local_day), hour, minute, zone_);
  }

  DueRunReport run(Instant instant, DueRunOptions options = {}) {
    DueRunner runner(database_->store(), templates_, window_, Calendar::england_and_wales(), zone_,
                     std::move(options));
    return runner.run(instant);
  }

  std::vector<OutboxMessage> outbox() {
    return database_->store().transact_result<std::vector<OutboxMessage>>(
        [](Transaction& tx) { return tx.outbox().messages(std::nullopt); });
  }

  static std::multiset<std::string> recipients(const std::vector<OutboxMessage>& messages) {
    std::multiset<std::string> found;
    for (const auto& message : messages) found.insert(message.recipient_email);
    return found;
  }

  const date::time_zone* zone_;
  SendWindow window_;
  TemplateSet templates_;
  const SystemClock clock_;
  std::unique_ptr<db::Database> database_;
};

TEST_F(DueRunnerTest, AllocationNoticesGoOutOnTheFirstRunInTheWindow) {
  load();
  const DueRunReport early = run(at("2027-03-01", 7, 30));
  EXPECT_FALSE(early.daily_pass_ran);
  EXPECT_NE(early.daily_pass_note.find("send window"), std::string::npos);
  EXPECT_TRUE(outbox().empty());

  const DueRunReport report = run(at("2027-03-01", 9));
  EXPECT_TRUE(report.daily_pass_ran);
  EXPECT_EQ(recipients(report.enqueued),
            (std::multiset<std::string>{"Alex@council.example", "Mo@council.example"}));
  const auto messages = outbox();
  ASSERT_EQ(messages.size(), 2u);
  for (const auto& message : messages) {
    EXPECT_NE(message.text_body.find("LCS-0000001"), std::string::npos) << message.text_body;
    EXPECT_FALSE(message.urgent);
  }
}

TEST_F(DueRunnerTest, SecondRunTheSameDayAddsNothing) {
  load();
  run(at("2027-03-01", 9));
  const DueRunReport again = run(at("2027-03-01", 15));
  EXPECT_FALSE(again.daily_pass_ran);
  EXPECT_NE(again.daily_pass_note.find("already ran"), std::string::npos);
  EXPECT_TRUE(again.enqueued.empty());
  EXPECT_EQ(outbox().size(), 2u);
}

TEST_F(DueRunnerTest, ItemsAlreadyToldAreNotRepeatedOnLaterDays) {
  load();
  run(at("2027-03-01", 9));
  EXPECT_TRUE(run(at("2027-03-02", 9)).enqueued.empty());
  // Five working days before 31 March (Easter) is 22 March: one reminder.
  const DueRunReport reminder = run(at("2027-03-22", 9));
  ASSERT_EQ(reminder.enqueued.size(), 1u);
  EXPECT_EQ(reminder.enqueued[0].recipient_email, "Alex@council.example");
  EXPECT_EQ(reminder.enqueued[0].rule, "audit_due_reminder");
}

TEST_F(DueRunnerTest, SeveralItemsForOnePersonMergeIntoOneDigest) {
  load([](Authority& a) {
    a.actions.push_back({.id = 1,
                         .audit_id = 1,
                         .description = "Update the plan",
                         .owner_id = 6,
                         .due_date = day("2027-03-04")});
  });
  const DueRunReport report = run(at("2027-03-01", 9));
  std::map<std::string, std::vector<OutboxMessage>> by_recipient;
  for (const auto& message : report.enqueued)
    by_recipient[message.recipient_email].push_back(message);
  ASSERT_EQ(by_recipient["Alex@council.example"].size(), 1u);
  const OutboxMessage& digest = by_recipient["Alex@council.example"][0];
  EXPECT_EQ(digest.rule, "daily_digest");
  EXPECT_NE(digest.subject.find("2 items"), std::string::npos) << digest.subject;
  EXPECT_NE(digest.text_body.find("Update the plan"), std::string::npos) << digest.text_body;
}

// A head of service with many overdue actions across teams and a concern of
// her own: the concern first, then the actions by team, one line each, and
// "and N more" with the console link beyond the cap.
TEST_F(DueRunnerTest, ADigestPutsOwnWorkFirstGroupsByTeamAndStopsAtItsCap) {
  load([](Authority& a) {
    a.teams.push_back({.id = 3, .name = "Adoption", .service_id = 1, .team_manager_id = 2});
    a.children.push_back({.id = 2, .case_reference = "LCS-0000002", .team_id = 3});
    a.audits.push_back({.id = 2,
                        .month = Month(2027, 3),
                        .child_id = 2,
                        .auditor_id = 6,
                        .status = AuditStatus::kModerated,
                        .due_date = day("2027-03-31")});
    for (Id id = 1; id <= 8; ++id) {
      a.actions.push_back({.id = id,
                           .audit_id = id % 2 == 0 ? 2 : 1,
                           .description = "Action " + std::to_string(id),
                           .owner_id = 2,
                           .due_date = day("2027-02-01")});
    }
    a.concerns.push_back({.id = 1, .child_id = 1, .category = 2, .raised_on = day("2027-03-08")});
  });
  const DueRunReport report =
      run(at("2027-03-09", 9),
          DueRunOptions{.digest_max_lines = 6, .console_url = "https://qa.example/console/month"});
  const auto digest = std::find_if(
      report.enqueued.begin(), report.enqueued.end(),
      [](const OutboxMessage& m) { return m.recipient_email == "Hannah@council.example"; });
  ASSERT_NE(digest, report.enqueued.end());
  const std::string& text = digest->text_body;
  EXPECT_NE(digest->subject.find("9 items"), std::string::npos) << digest->subject;
  const auto own = text.find("Your own work\n- Category 2 case of concern LCS-0000001");
  const auto adoption = text.find("\nAdoption\n- Overdue action on LCS-0000002");
  const auto fostering = text.find("\nFostering 1\n- Overdue action on LCS-0000001");
  ASSERT_NE(own, std::string::npos) << text;
  ASSERT_NE(adoption, std::string::npos) << text;
  ASSERT_NE(fostering, std::string::npos) << text;
  EXPECT_LT(own, adoption);
  EXPECT_LT(adoption, fostering);
  std::size_t lines = 0;
  for (std::size_t at = text.find("\n- "); at != std::string::npos;
       at = text.find("\n- ", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 6u) << text;
  EXPECT_NE(text.find("...and 3 more: see https://qa.example/console/month."), std::string::npos)
      << text;
  // Each action once, though the head of service is the top of its ladder.
  EXPECT_EQ(text.find("Action 1"), text.rfind("Action 1")) << text;
  EXPECT_EQ(text.find("(due "), std::string::npos) << text;
}

// Through the real ledger: who was told of an allocation hears that they are
// off it, and the new auditor hears of it.
TEST_F(DueRunnerTest, AReassignedAuditIsToldToBothAuditors) {
  load([](Authority& a) {
    a.staff.push_back({.id = 9,
                       .name = "Bea Second",
                       .email = "Bea@council.example",
                       .role = Role::kPracticeSupervisor,
                       .team_id = 2,
                       .line_manager_id = 7,
                       .auditor = true});
  });
  run(at("2027-03-01", 9));
  database_->store().transact([](Transaction& tx) {
    Audit audit = *tx.allocation().find_audit(1);
    audit.auditor_id = 9;
    tx.allocation().update_audit(audit);
  });
  const DueRunReport report = run(at("2027-03-02", 9));
  std::map<std::string, std::string> rule_of;
  for (const auto& message : report.enqueued) rule_of[message.recipient_email] = message.rule;
  EXPECT_EQ(rule_of["Alex@council.example"], "audit_removed_notice");
  EXPECT_EQ(rule_of["Bea@council.example"], "allocation_notice");
  for (const auto& message : report.enqueued) {
    if (message.rule == "audit_removed_notice") {
      EXPECT_NE(message.text_body.find("has been reassigned to Bea Second"), std::string::npos)
          << message.text_body;
    }
  }
}

TEST_F(DueRunnerTest, CategoryOneGoesAtOnceAloneEvenAtNight) {
  load([](Authority& a) {
    a.concerns.push_back(
        {.id = 1, .child_id = 1, .category = 1, .raised_on = day("2027-03-06")});  // a Saturday
  });
  const DueRunReport report = run(at("2027-03-06", 23, 15));
  EXPECT_FALSE(report.daily_pass_ran);
  EXPECT_EQ(report.urgent_items, 2);
  EXPECT_EQ(recipients(report.enqueued),
            (std::multiset<std::string>{"Hannah@council.example", "Dee@council.example"}));
  for (const auto& message : report.enqueued) EXPECT_TRUE(message.urgent);
  EXPECT_TRUE(run(at("2027-03-06", 23, 30)).enqueued.empty());
}

TEST_F(DueRunnerTest, DaemonDownOverTheFirstCatchesUpOnce) {
  load();
  // Nothing ran on Mon 1 or Tue 2 March: the first run on the 3rd sends the
  // month's notices, and a restart the same day sends nothing more.
  EXPECT_EQ(run(at("2027-03-03", 10)).enqueued.size(), 2u);
  EXPECT_TRUE(run(at("2027-03-03", 10, 5)).enqueued.empty());
  EXPECT_EQ(outbox().size(), 2u);
}

// The runner loads open actions only up to reminder_horizon(): one due
// exactly on it is still reminded (through the real store's filtered load),
// the one due a day later waits for its day, and a completed one is never told.
TEST_F(DueRunnerTest, AnActionDueExactlyAtTheHorizonIsReminded) {
  const Date today = day("2027-03-24");  // Wednesday before Easter
  const Date horizon = reminder_horizon(Calendar::england_and_wales(), ReminderPolicy{}, today);
  // Three working days on: Thu 25, then Good Friday and Easter Monday are
  // bank holidays, Tue 30, Wed 31.
  ASSERT_EQ(horizon, day("2027-03-31"));
  const Date after = Date{std::chrono::sys_days(horizon) + std::chrono::days(1)};
  load([&](Authority& a) {
    a.actions.push_back({.id = 1,
                         .audit_id = 1,
                         .description = "Due at the horizon",
                         .owner_id = 2,
                         .due_date = horizon});
    a.actions.push_back({.id = 2,
                         .audit_id = 1,
                         .description = "Due the day after",
                         .owner_id = 2,
                         .due_date = after});
    a.actions.push_back({.id = 3,
                         .audit_id = 1,
                         .description = "Completed early",
                         .owner_id = 2,
                         .due_date = horizon,
                         .status = ActionStatus::kCompleted,
                         .completed_on = day("2027-03-20")});
  });
  const DueRunReport report = run(at_local(today, 9, 0, zone_));
  std::vector<OutboxMessage> to_tom;
  for (const auto& message : report.enqueued) {
    if (message.recipient_email == "Tom@council.example") to_tom.push_back(message);
  }
  ASSERT_EQ(to_tom.size(), 1u);
  EXPECT_EQ(to_tom[0].rule, "action_reminder");
  EXPECT_NE(to_tom[0].text_body.find("Due at the horizon"), std::string::npos);
  EXPECT_EQ(to_tom[0].text_body.find("Due the day after"), std::string::npos);
  EXPECT_EQ(to_tom[0].text_body.find("Completed early"), std::string::npos);
  // Its day comes: the next working day's horizon reaches it.
  const DueRunReport next = run(at("2027-03-25", 9));
  bool told_after = false;
  for (const auto& message : next.enqueued) {
    told_after |= message.text_body.find("Due the day after") != std::string::npos;
  }
  EXPECT_TRUE(told_after);
}

// A year of daily runs at 09:00 and 21:00: non-urgent email only on working
// days, at most one a person a day, and every escalation of an overdue action
// in order, stopping when the action is completed.
TEST_F(DueRunnerTest, SimulatedYearOfDailyRuns) {
  load([](Authority& a) {
    a.actions.push_back({.id = 1,
                         .audit_id = 1,
                         .description = "Update the plan",
                         .owner_id = 2,
                         .due_date = day("2027-05-12")});
    a.concerns.push_back({.id = 1, .child_id = 1, .category = 2, .raised_on = day("2027-03-08")});
  });
  for (Date today = day("2027-03-01"); today <= day("2027-06-30");
       today = Date{std::chrono::sys_days(today) + std::chrono::days(1)}) {
    run(at_local(today, 9, 0, zone_));
    run(at_local(today, 21, 0, zone_));
  }
  std::map<std::pair<std::string, Date>, int> per_person_day;
  for (const auto& message : outbox()) {
    const Date sent = to_local(message.created_at, zone_).date;
    EXPECT_TRUE(Calendar::england_and_wales().is_working_day(sent))
        << message.rule << " on " << format_date(sent);
    const int sent_that_day = ++per_person_day[std::pair(message.recipient_email, sent)];
    EXPECT_EQ(sent_that_day, 1) << message.recipient_email << " twice on " << format_date(sent);
  }
  // The overdue action climbed owner -> service manager -> head of service.
  std::vector<std::string> escalated_to;
  for (const auto& message : outbox()) {
    if (message.text_body.find("Update the plan") != std::string::npos &&
        to_local(message.created_at, zone_).date > day("2027-05-12")) {
      escalated_to.push_back(message.recipient_email);
    }
  }
  ASSERT_GE(escalated_to.size(), 3u);
  EXPECT_EQ(escalated_to[0], "Tom@council.example");
  EXPECT_EQ(escalated_to[1], "Sam@council.example");
  EXPECT_EQ(escalated_to[2], "Hannah@council.example");
}

}  // namespace
}  // namespace caseaudit::notifier
