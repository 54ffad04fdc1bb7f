// The contract between the reminder rules and the templates: every item the
// rules produce carries every value its template's sample_values() names, so
// no email ever reads "open for  months".
#include <gtest/gtest.h>

#include <set>

#include "notifier/due_runner.h"
#include "scheduler/demo/demo.h"
#include "scheduler/reminders/rules.h"

namespace caseaudit::notifier {
namespace {

std::set<std::string> missing_names(const std::map<std::string, std::string>& wanted,
                                    const std::map<std::string, std::string>& given) {
  std::set<std::string> missing;
  for (const auto& [name, value] : wanted) {
    // Set only when they apply: the note on an item for someone away, the
    // exemption behind a withdrawal, the auditor who takes over.
    static const std::set<std::string> kOptional{
        "recipient_name",   "signature",          "away_name", "away_reason", "exemption",
        "new_auditor_name", "new_moderator_name", "act_url"};  // act_url: the email's link
                                                               // (DueRunOptions)
    if (!kOptional.contains(name) && !given.contains(name)) {
      missing.insert(name);
    }
  }
  return missing;
}

TEST(TemplateFieldsTest, EveryRuleItemCarriesWhatItsTemplateShows) {
  DemoOptions options = demo_size_s(7);
  Authority authority = generate_demo_authority(options);
  // Make the current month live: allocate one audit per auditor-less child
  // is the solver's job; here the history's last month is reopened instead.
  for (AllocationRun& run : authority.runs) run.status = MonthStatus::kAllocated;
  for (Audit& audit : authority.audits) {
    if (audit.month == options.current.prev()) {
      audit.status = AuditStatus::kAllocated;
      audit.due_date = options.current.first_day();
    }
  }
  // Fresh concerns of both categories, so their raised-notices are checked too.
  const Id audit_id = authority.audits.back().id;
  for (int category : {1, 2}) {
    authority.concerns.push_back({.id = 100000 + category,
                                  .child_id = authority.children.front().id,
                                  .audit_id = audit_id,
                                  .category = category,
                                  .raised_on = options.current.first_day()});
  }
  std::set<ReminderRule> rules_seen;
  const ReminderPolicy policy;
  for (int offset = -40; offset < 60; ++offset) {
    const Date today{std::chrono::sys_days(options.current.first_day()) +
                     std::chrono::days(offset)};
    for (const DueItem& item : due_on(authority, Calendar::england_and_wales(), policy, today)) {
      rules_seen.insert(item.rule);
      const TemplateValues sample = sample_values(kind_for(item));
      EXPECT_EQ(missing_names(sample.fields, item.fields), std::set<std::string>{})
          << to_string(item.rule) << " " << item.level;
      if (!sample.items.empty() && !item.rows.empty()) {
        EXPECT_EQ(missing_names(sample.items.front(), item.rows.front()), std::set<std::string>{})
            << to_string(item.rule) << " rows";
      }
    }
  }
  // The sweep must have exercised most rules for the check to mean much.
  EXPECT_GE(rules_seen.size(), 8u) << "rules seen: " << rules_seen.size();
  EXPECT_TRUE(rules_seen.contains(ReminderRule::kConcernRaised));
}

}  // namespace
}  // namespace caseaudit::notifier
