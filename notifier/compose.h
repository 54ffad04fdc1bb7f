// compose_message: the outbox row for one notification, rendered from the
// templates. This is how rules enqueue email (tx.outbox().enqueue(compose_message(...))),
// so every message goes through the same templates and escaping.
#pragma once

#include <optional>
#include <string>

#include "notifier/email.h"
#include "notifier/templates.h"
#include "scheduler/store.h"

namespace caseaudit::notifier {

// Renders `kind` with `values` for `recipient`. The row is pending and due at
// `now`; rule = to_string(kind); urgent for category 1 concerns (outside the
// send window, never digested). message_id is left empty: the worker derives
// a stable one from the row's id. `dedup_key` must identify (rule, subject,
// level, period), see OutboxMessage. Throws what TemplateSet::render throws.
OutboxMessage compose_message(const TemplateSet& templates, NotificationKind kind,
                              const TemplateValues& values, const Mailbox& recipient,
                              std::optional<Id> recipient_staff_id, std::string dedup_key,
                              Instant now);

}  // namespace caseaudit::notifier
