#include "notifier/compose.h"

namespace caseaudit::notifier {

OutboxMessage compose_message(const TemplateSet& templates, NotificationKind kind,
                              const TemplateValues& values, const Mailbox& recipient,
                              std::optional<Id> recipient_staff_id, std::string dedup_key,
                              Instant now) {
  RenderedEmail rendered = templates.render(kind, values);
  OutboxMessage message;
  message.dedup_key = std::move(dedup_key);
  message.rule = std::string(to_string(kind));
  message.recipient_staff_id = recipient_staff_id;
  message.recipient_email = recipient.address;
  message.recipient_name = recipient.name;
  message.subject = std::move(rendered.subject);
  message.text_body = std::move(rendered.text_body);
  message.html_body = std::move(rendered.html_body);
  message.urgent = kind == NotificationKind::kConcernCategory1;
  message.status = OutboxStatus::kPending;
  message.created_at = now;
  message.next_attempt_at = now;
  return message;
}

}  // namespace caseaudit::notifier
