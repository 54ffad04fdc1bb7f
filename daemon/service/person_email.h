// PersonEmail: an email a service operation sends one person in its own
// transaction (the owner of an action, told of the decision on the date they
// proposed), so it commits or rolls back with the write that causes it.
//
// The operation fills in what the email says; the sender made by
// person_email_sender() adds the greeting's name, the signature and, when
// asked, a fresh one-click link (action_links.h) for the person, then puts
// it in the outbox under its key (a second enqueue of one key is a no-op).
#pragma once

#include <date/tz.h>

#include <functional>
#include <optional>
#include <string>

#include "daemon/service/action_links.h"
#include "notifier/templates.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct PersonEmail {
  notifier::NotificationKind kind{};
  notifier::TemplateValues values;  // without recipient_name, signature, act_url
  Staff to;
  std::string key;  // the outbox's unique key: "<kind>:<record id>"
  // With a purpose, act_url is a new link for `to` to do it on link_record_id.
  std::optional<LinkPurpose> link_purpose;
  Id link_record_id = 0;
};

// ServiceContext::enqueue_email's shape.
using PersonEmailSender =
    std::function<void(Transaction& tx, const PersonEmail& email, Instant at)>;

// A sender over `templates` (which must outlive it) for the daemon and the
// tests. `public_url` is asked at each email. Nothing is enqueued for a
// person without an email address.
PersonEmailSender person_email_sender(const notifier::TemplateSet& templates,
                                      const date::time_zone* zone, SelfServicePolicy policy,
                                      std::string signature,
                                      std::function<std::string()> public_url);

}  // namespace caseaudit::daemon
