#include "daemon/notifications.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/service/action_links.h"
#include "notifier/smtp_transport.h"
#include "notifier/spool_transport.h"
#include "scheduler/email_address.h"

namespace caseaudit::daemon {
namespace {

std::unique_ptr<notifier::Transport> make_transport(const MailConfig& mail) {
  if (mail.transport == MailTransport::kSpool) {
    return std::make_unique<notifier::SpoolTransport>(mail.spool_directory);
  }
  return std::make_unique<notifier::SmtpTransport>(smtp_transport_config(mail));
}

notifier::TemplateSet load_templates(const NotifierConfig& notifier) {
  if (notifier.templates.empty()) return notifier::TemplateSet::defaults();
  return notifier::TemplateSet::load(notifier.templates);
}

notifier::SenderIdentity sender_identity(const MailConfig& mail) {
  notifier::Mailbox from = parse_mailbox(mail.from);
  const std::string domain = from.address.substr(from.address.find('@') + 1);
  std::optional<notifier::Mailbox> reply_to;
  if (!mail.reply_to.empty()) reply_to = parse_mailbox(mail.reply_to, "mail.reply_to");
  return {.from = std::move(from), .message_id_domain = domain, .reply_to = std::move(reply_to)};
}

// The console's list of this month, where a capped digest points.
std::string console_list_url(const HttpConfig& http) {
  std::string base = public_url_of(http);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/console/month";
}

}  // namespace

SelfServicePolicy self_service_policy(const Config& config) {
  return SelfServicePolicy{.grace_days = config.self_service.grace_days,
                           .domains = config.audit.domains};
}

notifier::SmtpConfig smtp_transport_config(const MailConfig& mail) {
  notifier::SmtpConfig smtp{
      .url = mail.smtp.url, .username = mail.smtp.username, .password = mail.smtp.password};
  smtp.ca_file = mail.smtp.ca_file.string();
  if (!smtp.ca_file.empty() && access(smtp.ca_file.c_str(), R_OK) != 0) {
    throw ConfigError(
        fmt::format("mail.smtp.ca_file: cannot read {}: {}", smtp.ca_file, std::strerror(errno)),
        "mail.smtp.ca_file");
  }
  smtp.allow_plaintext = mail.smtp.tls == SmtpTls::kNone;
  smtp.connect_timeout = std::chrono::seconds(std::min(mail.smtp.timeout_seconds, 10));
  smtp.total_timeout = std::chrono::seconds(mail.smtp.timeout_seconds);
  return smtp;
}

notifier::Mailbox parse_mailbox(const std::string& text, const std::string& setting) {
  std::optional<NamedAddress> mailbox = parse_named_address(text);
  if (!mailbox) {
    throw ConfigError(setting + ": \"" + text +
                          "\" is not an address (\"Name <local@domain>\" or \"local@domain\")",
                      setting);
  }
  return {.name = std::move(mailbox->name), .address = std::move(mailbox->address)};
}

Notifications::Notifications(const Config& config, Store& store, const Clock& clock,
                             const Calendar& calendar, std::function<std::string()> public_url)
    : zone_(date::locate_zone(config.time.zone)),
      calendar_(calendar),
      window_(calendar_, zone_,
              {config.notifier.send_window_open.hour, config.notifier.send_window_open.minute},
              {config.notifier.send_window_close.hour, config.notifier.send_window_close.minute}),
      templates_(load_templates(config.notifier)),
      public_url_(public_url ? std::move(public_url)
                             : [url = public_url_of(config.http)] { return url; }),
      signature_(config.notifier.signature),
      self_service_(self_service_policy(config)),
      transport_(make_transport(config.mail)),
      runner_(store, templates_, window_, calendar_, zone_,
              notifier::DueRunOptions{
                  .policy = config.reminders,
                  .signature = config.notifier.signature,
                  .digest_max_lines = config.notifier.digest_max_lines,
                  .console_url = console_list_url(config.http),
                  .action_links = email_action_links(zone_, self_service_, public_url_)}),
      worker_(store, *transport_, clock, sender_identity(config.mail), notifier::RetryPolicy{},
              // Jitter only has to differ between instances, not be secret.
              static_cast<std::uint64_t>(clock.now().time_since_epoch().count())) {}

Notifications::~Notifications() = default;

notifier::DueRunReport Notifications::run_due(Instant at) { return runner_.run(at); }

notifier::DueRunReport Notifications::urgent_in(Transaction& tx, Instant at) {
  return runner_.urgent_in(tx, at);
}

notifier::DeliveryStats Notifications::deliver(int limit) { return worker_.deliver_due(limit); }

PersonEmailSender Notifications::person_email_sender() const {
  return daemon::person_email_sender(templates_, zone_, self_service_, signature_, public_url_);
}

}  // namespace caseaudit::daemon
