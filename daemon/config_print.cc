#include "daemon/config_print.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <vector>

#include "daemon/redact.h"

namespace caseaudit::daemon {
namespace {

std::string secret(const std::string& value) {
  return value.empty() ? toml_string("") : toml_string(kRedacted);
}

}  // namespace

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

std::string hh_mm(NotifierConfig::TimeOfDay time) {
  return fmt::format("\"{:02}:{:02}\"", time.hour, time.minute);
}

void render_notifier(const NotifierConfig& notifier, std::string& out) {
  out += "\n[notifier]\n";
  out += fmt::format("templates = {}\n", toml_string(notifier.templates.string()));
  out += fmt::format("signature = {}\n", toml_string(notifier.signature));
  out += fmt::format("send_window_open = {}\n", hh_mm(notifier.send_window_open));
  out += fmt::format("send_window_close = {}\n", hh_mm(notifier.send_window_close));
  std::vector<std::string> days;
  for (Date day : notifier.bank_holidays) days.push_back(toml_string(format_date(day)));
  out += fmt::format("bank_holidays = [{}]\n", fmt::join(days, ", "));
  out += fmt::format("reminder_interval_seconds = {}\n", notifier.reminder_interval_seconds);
  out += fmt::format("delivery_interval_seconds = {}\n", notifier.delivery_interval_seconds);
}

std::string_view rung_name(Rung rung) {
  constexpr std::array<std::string_view, 6> kNames{
      "owner", "line_manager", "team_manager", "service_manager", "head_of_service", "director"};
  return kNames.at(static_cast<std::size_t>(rung));
}

std::string render_ladder(const std::vector<EscalationStep>& ladder) {
  std::vector<std::string> steps;
  for (const EscalationStep& step : ladder) {
    steps.push_back(fmt::format("\"{}:{}\"", rung_name(step.rung), step.working_days_after_due));
  }
  return fmt::format("[{}]", fmt::join(steps, ", "));
}

void render_reminders(const ReminderPolicy& policy, std::string& out) {
  out += "\n[reminders]\n";
  out +=
      fmt::format("audit_due_days_before = [{}]\n", fmt::join(policy.audit_due_days_before, ", "));
  out += fmt::format("audit_late_ladder = {}\n", render_ladder(policy.audit_late_ladder));
  out += fmt::format("action_overdue_ladder = {}\n", render_ladder(policy.action_overdue_ladder));
  out += fmt::format("action_due_days_before = {}\n", policy.action_due_days_before);
  out += fmt::format("action_repeat_working_days = {}\n", policy.action_repeat_working_days);
  out += fmt::format("event_notice_days = {}\n", policy.event_notice_days);
  out += fmt::format("concern_category2_within = {}\n", policy.concern_category2_within);
  out += fmt::format("concern_update_days_before = {}\n", policy.concern_update_days_before);
  out += fmt::format("concern_update_overdue_after = {}\n", policy.concern_update_overdue_after);
  out += fmt::format("concern_notice_days = {}\n", policy.concern_notice_days);
  out += fmt::format("concern_long_open_months = {}\n", policy.concern_long_open_months);
  out += fmt::format("impact_follow_up_days = {}\n", policy.impact_follow_up_days);
  out += fmt::format("impact_follow_up_grace_days = {}\n", policy.impact_follow_up_grace_days);
}

}  // namespace

std::string render_config(const Config& config) {
  std::string out;
  auto line = [&out](std::string_view key, const auto& value) {
    out += fmt::format("{} = {}\n", key, value);
  };
  out += "# The effective configuration of caseaudit; secrets are redacted.\n";
  out += fmt::format("# Read from: {}\n",
                     config.source.empty() ? "(no file; all defaults)" : config.source.string());

  out += "\n[database]\n";
  line("url", toml_string(redact_url_password(config.database.url)));
  line("pool_size", config.database.pool_size);

  out += "\n[http]\n";
  line("address", toml_string(config.http.address));
  line("port", config.http.port);
  line("threads", config.http.threads);
  line("read_timeout_seconds", config.http.read_timeout_seconds);
  line("write_timeout_seconds", config.http.write_timeout_seconds);
  line("keep_alive_timeout_seconds", config.http.keep_alive_timeout_seconds);
  line("tls_certificate", toml_string(config.http.tls_certificate));
  line("tls_key", toml_string(config.http.tls_key));

  out += "\n[state]\n";
  line("directory", toml_string(config.state.directory.string()));

  out += "\n[time]\n";
  line("zone", toml_string(config.time.zone));

  out += "\n[mail]\n";
  line("transport", toml_string(to_string(config.mail.transport)));
  line("spool_directory", toml_string(config.mail.spool_directory.string()));
  line("from", toml_string(config.mail.from));

  out += "\n[mail.smtp]\n";
  line("url", toml_string(redact_url_password(config.mail.smtp.url)));
  line("username", toml_string(config.mail.smtp.username));
  line("password", secret(config.mail.smtp.password));
  line("tls", toml_string(to_string(config.mail.smtp.tls)));
  line("timeout_seconds", config.mail.smtp.timeout_seconds);

  out += "\n[log]\n";
  line("level", toml_string(to_string(config.log.level)));

  const AllocationConfig& allocation = config.allocation;
  out += "\n[allocation]\n";
  line("default_quota", allocation.default_quota);
  line("team_target", allocation.team_target);
  line("recency_window_months", allocation.recency_window_months);
  line("auditor_team_repeat_months", allocation.auditor_team_repeat_months);
  std::vector<std::string> rules;
  for (const auto& [role, rule] : allocation.own_team) {
    rules.push_back(fmt::format("{} = {}", role, toml_string(rule)));
  }
  line("own_team", rules.empty() ? "{}" : fmt::format("{{ {} }}", fmt::join(rules, ", ")));
  constexpr std::array<std::string_view, 3> kDays = {"first_working_day", "second_working_day",
                                                     "third_working_day"};
  line("commit_day", toml_string(kDays.at(allocation.commit_working_day - 1)));
  line("commit_time",
       toml_string(fmt::format("{:02}:{:02}", allocation.commit_hour, allocation.commit_minute)));
  line("mode", toml_string(to_string(allocation.mode)));
  line("preview_working_days_before", allocation.preview_working_days_before);
  line("qa_team_email", toml_string(allocation.qa_team_email));

  out += "\n[pairing]\n";
  line("period_months", fmt::format("[{}]", fmt::join(config.pairing.period_months, ", ")));
  line("avoid_periods", config.pairing.avoid_periods);

  render_notifier(config.notifier, out);
  render_reminders(config.reminders, out);
  return out;
}

}  // namespace caseaudit::daemon
