// Notifications: the reminder and delivery machinery of the daemon, built
// from its configuration: templates (checked at start-up, so a bad one stops
// the daemon instead of failing a send at 9 am), the transport (spool folder
// or SMTP), the send window in the configured time zone, and the due runner
// and outbox worker over the daemon's store.
//
// Thread safety: run_due() and deliver() may each be called from one thread
// at a time (the daemon calls both from its job thread). Referenced objects
// must outlive this one.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "daemon/config.h"
#include "daemon/service/action_links.h"
#include "daemon/service/person_email.h"
#include "notifier/due_runner.h"
#include "notifier/outbox_worker.h"
#include "notifier/smtp_transport.h"
#include "notifier/templates.h"
#include "notifier/transport.h"
#include "scheduler/calendar.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

// "QA Team <qa@council.example>" or "qa@council.example". Throws ConfigError
// naming `setting` for anything else.
notifier::Mailbox parse_mailbox(const std::string& text, const std::string& setting = "mail.from");

// The SMTP transport's settings from [mail.smtp] (tls = "none" becomes
// allow_plaintext), for sending and for doctor's probe. Throws ConfigError
// naming mail.smtp.ca_file when that file cannot be read.
notifier::SmtpConfig smtp_transport_config(const MailConfig& mail);

// The [self_service] settings as the service reads them.
// The record page grades the authority's [audit] domains, in order.
SelfServicePolicy self_service_policy(const Config& config);

class Notifications {
 public:
  // Throws ConfigError / InputError naming the setting or template file.
  // `calendar` is the wiring's (daemon/wiring.h), so reminders and allocation
  // agree on working days.
  // `public_url`: the base of the links in emails, asked at each email
  // (daemon/service/action_links.h); empty: public_url_of(config.http).
  Notifications(const Config& config, Store& store, const Clock& clock, const Calendar& calendar,
                std::function<std::string()> public_url = {});
  ~Notifications();

  // Runs the reminder rules as of `at` (see notifier/due_runner.h).
  notifier::DueRunReport run_due(Instant at);
  // The urgent pass in the caller's transaction (notifier::DueRunner::urgent_in).
  // Thread-safe.
  notifier::DueRunReport urgent_in(Transaction& tx, Instant at);
  // Sends up to `limit` due messages from the outbox.
  notifier::DeliveryStats deliver(int limit);
  // What delivery knows of the relay (configuration faults). Thread-safe.
  const notifier::DeliveryHealth& delivery_health() const { return worker_.health(); }

  const date::time_zone* zone() const { return zone_; }
  // The site's templates (built-in, overridden from [notifier] templates).
  const notifier::TemplateSet& templates() const { return templates_; }
  // ServiceContext::enqueue_email for the services: over these templates,
  // with the signature, the [self_service] links and the public URL.
  PersonEmailSender person_email_sender() const;

 private:
  const date::time_zone* zone_;
  const Calendar& calendar_;
  SendWindow window_;
  notifier::TemplateSet templates_;
  std::function<std::string()> public_url_;
  std::string signature_;
  SelfServicePolicy self_service_;
  std::unique_ptr<notifier::Transport> transport_;
  notifier::DueRunner runner_;
  notifier::OutboxWorker worker_;
};

}  // namespace caseaudit::daemon
