#include "daemon/service/notifications_admin.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

OutboxMessage message_or_404(Transaction& tx, Id id) {
  std::optional<OutboxMessage> message = tx.outbox().find(id);
  if (!message) throw NotFound(fmt::format("no notification {}", id));
  return *message;
}

}  // namespace

OutboxMessage resend_notification(const ServiceContext& services, const Caller& caller,
                                  Id message_id) {
  return services.store.transact_result<OutboxMessage>([&](Transaction& tx) {
    const OutboxMessage before = message_or_404(tx, message_id);
    if (before.status == OutboxStatus::kPending) {
      throw Conflict(fmt::format("notification {} is still pending: the delivery job will send it",
                                 message_id));
    }
    tx.outbox().requeue(message_id, caller.at);
    OutboxMessage requeued = message_or_404(tx, message_id);
    log_change(tx, caller, "notification.resend", "notification", std::to_string(message_id),
               to_json(before), to_json(requeued));
    return requeued;
  });
}

}  // namespace caseaudit::daemon
