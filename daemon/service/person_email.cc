#include "daemon/service/person_email.h"

#include "notifier/compose.h"

namespace caseaudit::daemon {

PersonEmailSender person_email_sender(const notifier::TemplateSet& templates,
                                      const date::time_zone* zone, SelfServicePolicy policy,
                                      std::string signature,
                                      std::function<std::string()> public_url) {
  return
      [&templates, zone, policy = std::move(policy), signature = std::move(signature),
       public_url = std::move(public_url)](Transaction& tx, const PersonEmail& email, Instant at) {
        if (email.to.email.empty()) return;
        notifier::TemplateValues values = email.values;
        values.fields["recipient_name"] = email.to.name;
        values.fields["signature"] = signature;
        if (email.link_purpose) {
          const IssuedLink issued = issue_action_link(
              tx, zone, policy, email.to.id, *email.link_purpose, email.link_record_id, at);
          values.fields["act_url"] = action_link_url(public_url(), issued.token);
        }
        tx.outbox().enqueue(notifier::compose_message(
            templates, email.kind, values,
            notifier::Mailbox{.name = email.to.name, .address = email.to.email}, email.to.id,
            email.key, at));
      };
}

}  // namespace caseaudit::daemon
