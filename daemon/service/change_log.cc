#include "daemon/service/change_log.h"

namespace caseaudit::daemon {
namespace json = boost::json;

void log_change(Transaction& tx, const Caller& caller, std::string_view action,
                std::string_view record_type, std::string_view record_id, const json::value& before,
                const json::value& after) {
  tx.changes().log(ChangeRecord{
      .at = caller.at,
      .actor = caller.actor,
      .action = std::string(action),
      .record_type = std::string(record_type),
      .record_id = std::string(record_id),
      .before_json = before.is_null() ? std::string{} : json::serialize(before),
      .after_json = after.is_null() ? std::string{} : json::serialize(after),
  });
}

}  // namespace caseaudit::daemon
