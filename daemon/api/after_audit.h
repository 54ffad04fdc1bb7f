// Helpers shared by the "after the audit" resources (actions, cases of
// concern, notifications): the authority's today, and body fields that the
// generic JsonFields leaves optional or unchecked.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "daemon/api/api.h"
#include "scheduler/calendar.h"
#include "scheduler/errors.h"

namespace auditd::daemon::api {

// Dates in these resources are the authority's local days: an action
// completed at 00:30 in London on 1 April was completed on 1 April, not on
// 31 March as UTC would have it.
inline Date local_today(const ApiRequest& request, const date::time_zone* zone) {
  return to_local(request.now(), zone).date;
}

inline Date required_date(JsonFields& fields, std::string_view key) {
  std::optional<Date> value = fields.date(key);
  if (!value) throw InputError(fmt::format("{} is required", fields.name(key)), fields.name(key));
  return *value;
}

// A reference to another record: a positive integer (unknown ids are the
// caller's 404, checked in the transaction).
inline std::optional<Id> optional_ref(JsonFields& fields, std::string_view key) {
  std::optional<std::int64_t> value = fields.integer(key);
  if (value && *value <= 0) {
    throw InputError(fmt::format("{}: expected a positive integer id", fields.name(key)),
                     fields.name(key));
  }
  return value;
}

inline Id required_ref(JsonFields& fields, std::string_view key) {
  std::optional<Id> value = optional_ref(fields, key);
  if (!value) throw InputError(fmt::format("{} is required", fields.name(key)), fields.name(key));
  return *value;
}

// Free text that must say something: whitespace alone is refused, anything
// else (quotes, SQL, Unicode) is kept verbatim.
inline std::string required_text(JsonFields& fields, std::string_view key) {
  std::string value = fields.required_string(key);
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError(fmt::format("{} must not be empty", fields.name(key)), fields.name(key));
  }
  return value;
}

}  // namespace auditd::daemon::api
