#include "daemon/allocation_policy.h"

#include <cstdlib>

#include "scheduler/email_address.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

OwnTeamRule parse_own_team_rule(const std::string& role, const std::string& text) {
  if (text == "exclude_own") return OwnTeamRule::kExcludeOwn;
  if (text == "allow_own") return OwnTeamRule::kAllowOwn;
  if (text == "own_caseload") return OwnTeamRule::kOwnCaseload;
  throw InputError("allocation.own_team." + role + ": \"" + text +
                       "\" is not one of exclude_own, allow_own, own_caseload",
                   "allocation.own_team." + role);
}

// "Name <local@domain>" or "local@domain", by the rule config reading uses.
notifier::Mailbox qa_team_mailbox(const std::string& text) {
  constexpr const char* kField = "allocation.qa_team_email";
  std::optional<NamedAddress> mailbox = parse_named_address(text);
  if (!mailbox) {
    throw ConfigError(std::string(kField) + ": \"" + text +
                          "\" is not an address (\"Name <local@domain>\" or \"local@domain\")",
                      kField);
  }
  return {.name = std::move(mailbox->name), .address = std::move(mailbox->address)};
}

}  // namespace

Policy allocation_policy(const AllocationConfig& config) {
  Policy policy;
  policy.default_quota = config.default_quota;
  policy.team_target = config.team_target;
  policy.recency_window_months = config.recency_window_months;
  policy.auditor_team_repeat_months = config.auditor_team_repeat_months;
  policy.looped = config.looped_default;
  policy.own_team_by_role.clear();
  for (const auto& [role, rule] : config.own_team) {
    policy.own_team_by_role[parse_role(role, "allocation.own_team")] =
        parse_own_team_rule(role, rule);
  }
  policy.validate();
  return policy;
}

PairingPolicy pairing_policy(const PairingConfig& config) {
  PairingPolicy policy;
  policy.period_months = config.period_months;
  policy.avoid_periods = config.avoid_periods;
  policy.validate();
  return policy;
}

CommitSchedule commit_schedule(const AllocationConfig& config) {
  CommitSchedule schedule{.working_day = config.commit_working_day,
                          .hour = config.commit_hour,
                          .minute = config.commit_minute};
  if (config.mode == AllocationMode::kApprove) {
    schedule.approve = ApprovalSchedule{.working_days_before = config.preview_working_days_before,
                                        .qa_team = qa_team_mailbox(config.qa_team_email)};
  }
  return schedule;
}

std::string cli_actor() {
  for (const char* name : {"SUDO_USER", "USER", "LOGNAME"}) {
    if (const char* user = std::getenv(name); user != nullptr && *user != '\0') {
      return std::string("cli:") + user;
    }
  }
  return "cli";
}

}  // namespace caseaudit::daemon
