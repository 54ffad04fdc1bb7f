// A coordinator's actions on the outbox (the reads stay with the front
// doors: they hold no rule).
#pragma once

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// Puts a sent, failed or dead message back to pending in one transaction
// (Transaction::requeue_outbox_message) with its change-log row
// "notification.resend": the Message-ID is kept, so a recipient whose server
// did take the first copy sees a duplicate of one message rather than two
// different ones, and the delivery job picks it up on its next turn.
// NotFound "no notification N"; Conflict when it is still pending. Returns
// the requeued message.
OutboxMessage resend_notification(const ServiceContext& services, const Caller& caller,
                                  Id message_id);

}  // namespace caseaudit::daemon
