// Notifications: the outbox by status, one message with its bodies, the dead
// letters, and a coordinator's resend (daemon/service/notifications_admin.h).
#include <fmt/format.h>

#include <map>
#include <vector>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/notifications_admin.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

OutboxMessage message_or_404(Transaction& tx, Id id) {
  std::optional<OutboxMessage> message = tx.outbox().find(id);
  if (!message) throw NotFound(fmt::format("no notification {}", id));
  return *message;
}

json::object counts_json(const std::map<OutboxStatus, long long>& counts) {
  json::object object;
  for (const auto& [status, count] : counts) object[to_string(status)] = count;
  return object;
}

ApiResponse list_by_status(const ApiContext& context, const ApiRequest& request,
                           std::optional<OutboxStatus> status, std::string_view what) {
  std::vector<OutboxMessage> messages;
  std::map<OutboxStatus, long long> counts;
  context.services.store.read([&](Transaction& tx) {
    messages = tx.outbox().messages(status);
    counts = tx.outbox().counts();
  });
  return list_response(
      request,
      json::object{{"counts", counts_json(counts)}, {"notifications", to_json_array(messages)}},
      "notifications", export_filename(what, format_date(local_today(context, request))));
}

ApiResponse list_notifications(const ApiContext& context, ApiRequest& request) {
  std::optional<OutboxStatus> status;
  if (auto text = request.query("status")) status = parse_outbox_status(*text, "status");
  return list_by_status(context, request, status, "notifications");
}

ApiResponse dead_letters(const ApiContext& context, ApiRequest& request) {
  return list_by_status(context, request, OutboxStatus::kDead, "dead-letters");
}

// The one place the bodies are shown: what the recipient read.
ApiResponse get_notification(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  const OutboxMessage message = context.services.store.read_result<OutboxMessage>(
      [&](Transaction& tx) { return message_or_404(tx, id); });
  json::object view = to_json(message).as_object();
  view["text_body"] = message.text_body;
  view["html_body"] = message.html_body;
  return json_response(std::move(view));
}

ApiResponse resend(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return json_response(to_json(resend_notification(context.services, request.caller(), id)));
}

}  // namespace

void add_notification_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/notifications", list_notifications, {"status", "format"}),
                 read_route("/v1/notifications/dead-letters", dead_letters, {"format"}),
                 read_route("/v1/notifications/{id}", get_notification),
                 write_route("POST", "/v1/notifications/{id}/resend", BodyKind::kNone, resend),
             });
}

}  // namespace caseaudit::daemon::api
