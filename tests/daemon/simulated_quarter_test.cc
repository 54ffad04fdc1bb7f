// A simulated quarter on the demo authority (SQLite and PostgreSQL): thirteen weeks of the
// daemon's reminder runs with a fake clock, twice each day, with what a
// quarter holds (allocations committed each month, audits submitted and
// moderated, an auditor put on extended leave after allocation, an audit
// reassigned, months closed), and three properties checked over every email:
//   * nobody receives the same item twice in a day (the ledger's items, and
//     one email a person a day besides category 1 concerns);
//   * no digest lists more than its cap;
//   * nobody away (policy.away_kinds covering the month) receives anything.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "daemon/service/audits.h"
#include "daemon/service/exemptions.h"
#include "notifier/due_runner.h"
#include "scheduler/reminders/due_item.h"
#include "tests/daemon/demo_database_test.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

constexpr int kDigestCap = 12;
const std::string kActor = "test:quarter";

Date next_day(Date date) { return Date{std::chrono::sys_days(date) + std::chrono::days(1)}; }

class SimulatedQuarterTest : public DemoDatabaseTest {
 protected:
  SimulatedQuarterTest()
      : templates_(notifier::TemplateSet::defaults()),
        options_{.digest_max_lines = kDigestCap,
                 .console_url = "http://127.0.0.1:8080/console/month"} {}

  void SetUp() override {
    DemoDatabaseTest::SetUp();
    window_.emplace(calendar(), zone());  // the wiring's calendar, built by SetUp
  }

  const Calendar& calendar() { return wiring_->calendar(); }
  const date::time_zone* zone() { return wiring_->zone(); }
  Caller caller(Instant at) { return {.actor = kActor, .at = at}; }

  void run_reminders(Instant at) {
    clock_.set(at);
    notifier::DueRunner runner(store(), templates_, *window_, calendar(), zone(), options_);
    runner.run(at);
  }

  // What a coordinator and the auditors do on `today`, before the 09:00 run.
  void the_day_s_work(Date today) {
    const Instant morning = at_local(today, 7, 30, zone());
    clock_.set(morning);
    const Month month = Month::of(today);
    if (today == calendar().first_working_day(month) || today == parse_date("2027-01-11")) {
      services().allocation.commit(month, std::nullopt, kActor, morning);
    }
    // Eight working days into a month, the previous one is closed.
    if (today == calendar().add_working_days(calendar().first_working_day(month), 7)) {
      services().allocation.close_month(month.prev(), kActor, morning);
    }
    const int working_day = calendar().working_days_between(month.first_day(), today);
    // Half the month's audits come in over the third week; each is moderated
    // the next working day.
    std::vector<Audit> audits = audits_in(month);
    for (const Audit& audit : audits) {
      if (audit.status == AuditStatus::kSubmitted) {
        moderate_audit(services(), caller(morning), audit.id,
                       {.grade = Grade::kRequiresImprovement});
      } else if (audit.status == AuditStatus::kAllocated && audit.id % 2 == 0 &&
                 working_day == 11 + static_cast<int>(audit.id % 5)) {
        submit_audit(services(), caller(morning), audit.id,
                     answered({.overall = Grade::kGood,
                               .domains = {{"Quality of assessment", Grade::kGood}}}));
      }
    }
    if (today == parse_date("2027-01-25")) put_an_auditor_on_leave(morning);
    if (today == parse_date("2027-02-09")) reassign_an_audit(morning);
  }

  // An auditor with an allocated January audit goes on extended leave: the
  // audit is withdrawn (the late exemption), and whatever is meant for them
  // from now goes to their line manager.
  void put_an_auditor_on_leave(Instant at) {
    for (const Audit& audit : audits_in(kJanuary)) {
      if (audit.status != AuditStatus::kAllocated) continue;
      const ExemptionCreated created = create_exemption(services(),
                                                        {.staff_id = audit.auditor_id,
                                                         .kind = ExemptionKind::kExtendedLeave,
                                                         .first_month = kJanuary,
                                                         .last_month = Month(2027, 4),
                                                         .reason = "extended absence"},
                                                        caller(at));
      on_leave_ = audit.auditor_id;
      on_leave_since_ = to_local(at, zone()).date;
      ASSERT_FALSE(created.withdrawn.empty());
      return;
    }
    FAIL() << "no allocated January audit to withdraw";
  }

  // An audit goes to an auditor who joined with none this month.
  void reassign_an_audit(Instant at) {
    const std::vector<Audit> february = audits_in(Month(2027, 2));
    ASSERT_FALSE(february.empty());
    add_auditor(other_team(child(february.front().child_id).team_id), "Newly Trained");
    for (const Audit& audit : february) {
      if (audit.status != AuditStatus::kAllocated) continue;
      const ReassignOptions options = reassignment_candidates(services(), audit.id);
      if (options.candidates.empty()) continue;
      reassign_audit(services(), caller(at), audit.id, options.candidates.front().staff_id,
                     "workload");
      reassigned_from_ = audit.auditor_id;
      return;
    }
    FAIL() << "no February audit could be reassigned";
  }

  std::optional<SendWindow> window_;
  notifier::TemplateSet templates_;
  notifier::DueRunOptions options_;
  std::optional<Id> on_leave_;
  Date on_leave_since_;
  std::optional<Id> reassigned_from_;
};

TEST_P(SimulatedQuarterTest, ThirteenWeeksOfRemindersKeepTheirPromises) {
  const Date first = parse_date("2027-01-11");
  const Date last = Date{std::chrono::sys_days(first) + std::chrono::weeks(13)};
  for (Date today = first; today < last; today = next_day(today)) {
    if (calendar().is_working_day(today)) the_day_s_work(today);
    run_reminders(at_local(today, 9, 0, zone()));
    run_reminders(at_local(today, 15, 0, zone()));
  }
  const auto [messages, ledger, authority] = in_tx([](Transaction& tx) {
    return std::tuple(tx.outbox().messages(std::nullopt), tx.ledger().recorded_with_prefix(""),
                      tx.load_authority());
  });
  ASSERT_GT(messages.size(), 500u);

  // 1. One item once a day a person: the ledger's items (a repeat's period
  // counts as its step's), and one email besides category 1 concerns.
  std::map<std::tuple<Id, std::string, std::string, Id, std::string>, int> item_per_day;
  for (const RecordedItem& row : ledger) {
    const std::optional<ItemKey> key = parse_item_key(row.item_key);
    ASSERT_TRUE(key) << row.item_key;
    const std::string period = key->period.starts_with("repeat-") ? "" : key->period;
    const auto identity =
        std::tuple(key->recipient_id, std::string(to_string(key->rule)), key->subject_type,
                   key->subject_id, period + "@" + format_date(to_local(row.at, zone()).date));
    EXPECT_EQ(++item_per_day[identity], 1) << row.item_key << " twice in a day";
  }
  std::map<std::pair<std::string, std::string>, int> emails_per_day;
  for (const OutboxMessage& message : messages) {
    if (message.urgent) continue;
    const std::string day = format_date(to_local(message.created_at, zone()).date);
    EXPECT_EQ(++emails_per_day[std::pair(message.recipient_email, day)], 1)
        << message.recipient_email << " got two emails on " << day;
  }

  // 2. No digest over its cap; some reached it.
  int capped = 0;
  for (const OutboxMessage& message : messages) {
    if (message.rule != "daily_digest") continue;
    int lines = 0;
    for (std::size_t at = message.text_body.find("\n- "); at != std::string::npos;
         at = message.text_body.find("\n- ", at + 1)) {
      ++lines;
    }
    EXPECT_LE(lines, kDigestCap) << message.subject;
    if (message.text_body.find("more: see http://127.0.0.1:8080/console/month") !=
        std::string::npos) {
      ++capped;
      EXPECT_EQ(lines, kDigestCap) << message.text_body;
    }
  }
  EXPECT_GT(capped, 0);

  // 3. Nobody away receives anything; what was meant for them says why.
  std::map<Id, std::vector<const Exemption*>> away;
  const ReminderPolicy policy;
  for (const Exemption& e : authority.exemptions) {
    if (std::find(policy.away_kinds.begin(), policy.away_kinds.end(), e.kind) !=
        policy.away_kinds.end()) {
      away[e.staff_id].push_back(&e);
    }
  }
  int redirected = 0;
  for (const OutboxMessage& message : messages) {
    if (!message.recipient_staff_id) continue;
    const Month month = Month::of(to_local(message.created_at, zone()).date);
    const Date sent = to_local(message.created_at, zone()).date;
    for (const Exemption* e : away[*message.recipient_staff_id]) {
      // The leave this test grants is backdated to January: it counts from the day it is recorded.
      if (e->staff_id == on_leave_ && sent < on_leave_since_) continue;
      EXPECT_FALSE(e->covers(month)) << message.recipient_email << " is away in "
                                     << month.to_string() << " but got " << message.subject;
    }
    if (message.text_body.find(" is away") != std::string::npos) ++redirected;
  }
  EXPECT_GT(redirected, 0);

  // The people taken off an audit were told, through someone when away.
  ASSERT_TRUE(on_leave_ && reassigned_from_);
  bool removal_told = false;
  for (const RecordedItem& row : ledger) {
    const std::optional<ItemKey> key = parse_item_key(row.item_key);
    if (key->rule == ReminderRule::kAuditRemoved && key->recipient_id == *reassigned_from_) {
      removal_told = true;
    }
  }
  EXPECT_TRUE(removal_told);
}

INSTANTIATE_TEST_SUITE_P(Backends, SimulatedQuarterTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
