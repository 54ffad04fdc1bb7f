#include "daemon/api/cycle_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "scheduler/errors.h"

namespace auditd::daemon::api {

Date local_today(const ApiContext& context, const ApiRequest& request) {
  return to_local(request.now(), context.zone).date;
}

std::string required_text(JsonFields& fields, std::string_view key) {
  std::string text = fields.required_string(key);
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; })) {
    throw InputError(fmt::format("{}: must not be empty", fields.name(key)), fields.name(key));
  }
  return text;
}

Audit require_audit(Transaction& tx, Id id) {
  std::optional<Audit> audit = tx.find_audit(id);
  if (!audit) throw NotFound(fmt::format("audit {} does not exist", id), "id");
  return *audit;
}

}  // namespace auditd::daemon::api
