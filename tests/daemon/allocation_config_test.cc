// The [allocation] and [pairing] sections: read, validated, printed back, and
// mapped to the solvers' policies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/allocation_policy.h"
#include "daemon/config.h"
#include "daemon/config_print.h"

namespace caseaudit::daemon {
namespace {

using ::testing::HasSubstr;

Config parse(std::string_view text) {
  ConfigEnvironment env;
  env.state_directory = "/var/lib/caseaudit";
  return parse_config(text, "caseaudit.toml", env);
}

// The message and field of the ConfigError `text` fails with.
std::pair<std::string, std::string> failure_of(std::string_view text) {
  try {
    parse(text);
  } catch (const ConfigError& error) {
    return {error.what(), error.field()};
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

TEST(AllocationConfig, DefaultsAreThePolicyDefaults) {
  Config config = parse("");
  Policy policy = allocation_policy(config.allocation);
  Policy defaults;
  EXPECT_EQ(policy.default_quota, defaults.default_quota);
  EXPECT_EQ(policy.team_target, defaults.team_target);
  EXPECT_EQ(policy.recency_window_months, defaults.recency_window_months);
  EXPECT_EQ(policy.auditor_team_repeat_months, defaults.auditor_team_repeat_months);
  EXPECT_EQ(policy.own_team_by_role, defaults.own_team_by_role);
  EXPECT_EQ(pairing_policy(config.pairing).period_months, PairingPolicy{}.period_months);
  EXPECT_EQ(config.allocation.commit_working_day, 1);
  EXPECT_EQ(config.allocation.commit_hour, 7);
  EXPECT_EQ(config.allocation.commit_minute, 0);
}

TEST(AllocationConfig, SettingsReachThePolicies) {
  Config config = parse(R"(
[allocation]
default_quota = 2
team_target = 3
recency_window_months = 9
auditor_team_repeat_months = 4
own_team = { head_of_service = "allow_own", service_manager = "allow_own" }
commit_day = "second_working_day"
commit_time = "06:45"
[pairing]
period_months = [1, 7]
avoid_periods = 3
)");
  Policy policy = allocation_policy(config.allocation);
  EXPECT_EQ(policy.default_quota, 2);
  EXPECT_EQ(policy.team_target, 3);
  EXPECT_EQ(policy.recency_window_months, 9);
  EXPECT_EQ(policy.auditor_team_repeat_months, 4);
  EXPECT_EQ(policy.own_team_rule(Role::kHeadOfService), OwnTeamRule::kAllowOwn);
  EXPECT_EQ(policy.own_team_rule(Role::kServiceManager), OwnTeamRule::kAllowOwn);
  // Listed roles override the defaults; the others keep theirs.
  EXPECT_EQ(policy.own_team_rule(Role::kIroCpChair), OwnTeamRule::kOwnCaseload);
  EXPECT_EQ(policy.own_team_rule(Role::kTeamManager), OwnTeamRule::kExcludeOwn);
  EXPECT_EQ(config.allocation.commit_working_day, 2);
  EXPECT_EQ(config.allocation.commit_hour, 6);
  EXPECT_EQ(config.allocation.commit_minute, 45);
  PairingPolicy pairing = pairing_policy(config.pairing);
  EXPECT_EQ(pairing.period_months, (std::vector<int>{1, 7}));
  EXPECT_EQ(pairing.avoid_periods, 3);
}

TEST(AllocationConfig, BadValuesNameTheKeyAndValue) {
  struct Case {
    std::string text;
    std::string field;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"[allocation]\nteam_target = 0", "allocation.team_target", "0 is not a team target"},
      {"[allocation]\ndefault_quota = -1", "allocation.default_quota", "-1 is not a quota"},
      {"[allocation]\nown_team = { boss = \"allow_own\" }", "allocation.own_team.boss",
       "unknown role"},
      {"[allocation]\nown_team = { director = \"sometimes\" }", "allocation.own_team.director",
       "\"sometimes\" is not one of exclude_own, allow_own, own_caseload"},
      {"[allocation]\ncommit_time = \"7am\"", "allocation.commit_time",
       "\"7am\" is not a time of day HH:MM"},
      {"[allocation]\ncommit_time = \"24:00\"", "allocation.commit_time", "\"24:00\""},
      {"[allocation]\ncommit_day = \"monday\"", "allocation.commit_day",
       "\"monday\" is not one of first_working_day"},
      {"[allocation]\nteam_targte = 2", "allocation.team_targte", "unknown setting"},
      {"[pairing]\nperiod_months = [2, 13]", "pairing.period_months",
       "13 is not a month number (1-12)"},
      {"[pairing]\nperiod_months = []", "pairing.period_months", "at least one month"},
      {"[pairing]\nperiod_months = 2", "pairing.period_months", "expected an array of integers"},
      {"[pairing]\navoid_periods = -1", "pairing.avoid_periods", "-1 is not a number of periods"},
  };
  for (const Case& c : cases) {
    auto [message, field] = failure_of(c.text);
    EXPECT_EQ(field, c.field) << c.text;
    EXPECT_THAT(message, HasSubstr(c.field)) << c.text;
    EXPECT_THAT(message, HasSubstr(c.says)) << c.text;
  }
}

TEST(AllocationConfig, CommitModeIsTheDefault) {
  Config config = parse("");
  EXPECT_EQ(config.allocation.mode, AllocationMode::kCommit);
  EXPECT_EQ(config.allocation.preview_working_days_before, 3);
  EXPECT_FALSE(commit_schedule(config.allocation).approve);
}

TEST(AllocationConfig, ApproveModeReachesTheSchedule) {
  Config config = parse(R"(
[allocation]
mode = "approve"
preview_working_days_before = 5
qa_team_email = "QA Team <qa@council.example>"
commit_time = "06:30"
)");
  EXPECT_EQ(config.allocation.mode, AllocationMode::kApprove);
  CommitSchedule schedule = commit_schedule(config.allocation);
  ASSERT_TRUE(schedule.approve);
  EXPECT_EQ(schedule.approve->working_days_before, 5);
  EXPECT_EQ(schedule.approve->qa_team.name, "QA Team");
  EXPECT_EQ(schedule.approve->qa_team.address, "qa@council.example");
  EXPECT_EQ(schedule.hour, 6);
  EXPECT_EQ(schedule.minute, 30);
  std::string printed = render_config(config);
  EXPECT_THAT(printed, HasSubstr("mode = \"approve\""));
  EXPECT_THAT(printed, HasSubstr("preview_working_days_before = 5"));
  EXPECT_THAT(printed, HasSubstr("qa_team_email = \"QA Team <qa@council.example>\""));
  EXPECT_EQ(parse(printed).allocation, config.allocation);
}

TEST(AllocationConfig, BadApprovalSettingsNameTheKey) {
  struct Case {
    std::string text;
    std::string says;
  };
  const std::vector<std::pair<std::string, Case>> cases = {
      {"allocation.mode",
       {"[allocation]\nmode = \"auto\"", "\"auto\" is not one of commit, approve"}},
      {"allocation.qa_team_email",
       {"[allocation]\nmode = \"approve\"", "required when mode = \"approve\""}},
      {"allocation.qa_team_email",
       {"[allocation]\nmode = \"approve\"\nqa_team_email = \"\"", "required when mode"}},
      {"allocation.qa_team_email",
       {"[allocation]\nqa_team_email = \"qa team\"", "\"qa team\" is not an email address"}},
      {"allocation.qa_team_email",
       {"[allocation]\nqa_team_email = \"qa@x\\nBcc: all@x\"", "is not an email address"}},
      {"allocation.preview_working_days_before",
       {"[allocation]\npreview_working_days_before = 0",
        "0 is not a number of working days (1-15)"}},
      {"allocation.preview_working_days_before",
       {"[allocation]\npreview_working_days_before = 16", "16 is not"}},
      {"allocation.preview_working_days_before",
       {"[allocation]\npreview_working_days_before = \"3\"", "expected an integer"}},
  };
  for (const auto& [field, c] : cases) {
    auto [message, failed_field] = failure_of(c.text);
    EXPECT_EQ(failed_field, field) << c.text;
    EXPECT_THAT(message, HasSubstr(field)) << c.text;
    EXPECT_THAT(message, HasSubstr(c.says)) << c.text;
  }
  // Shaped like an address, but not one a transport can use: refused when the
  // file is read (so by check-config too), and by commit_schedule when given.
  EXPECT_EQ(failure_of("[allocation]\nmode = \"approve\"\nqa_team_email = \"QA <not an@address>\"")
                .second,
            "allocation.qa_team_email");
  AllocationConfig config;
  config.mode = AllocationMode::kApprove;
  config.qa_team_email = "QA <not an@address>";
  try {
    commit_schedule(config);
    ADD_FAILURE() << "accepted a bad qa_team_email";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.field(), "allocation.qa_team_email");
  }
}

TEST(AllocationConfig, CheckConfigOutputReadsBack) {
  Config config = parse(R"(
[allocation]
team_target = 3
own_team = { head_of_service = "allow_own", iro_cp_chair = "exclude_own" }
commit_time = "06:30"
[pairing]
period_months = [3, 9]
avoid_periods = 1
)");
  std::string printed = render_config(config);
  EXPECT_THAT(printed, HasSubstr("commit_time = \"06:30\""));
  EXPECT_THAT(printed, HasSubstr("period_months = [3, 9]"));
  Config again = parse(printed);
  EXPECT_EQ(again.allocation, config.allocation);
  EXPECT_EQ(again.pairing, config.pairing);
}

}  // namespace
}  // namespace caseaudit::daemon
