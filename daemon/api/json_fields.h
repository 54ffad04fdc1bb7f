// JsonFields: strict reading of one JSON object from a request body.
//
// Every getter names the field in the InputError it throws, so a client
// learns exactly what was wrong ("fte: expected a number"). A getter marks its
// field as known; finish() then refuses any field nobody asked for, so a typo
// ("moderator_capcity") is an error instead of a silently ignored change.
//
// PATCH needs three states per nullable field: absent (leave it), null
// (clear it) and a value (set it). nullable_*() return
// optional<optional<T>>: nullopt when absent, optional<T>{} when null.
//
// Not thread-safe; one per request.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit::daemon::api {

class JsonFields {
 public:
  // Parses `body`. InputError (field "body") when it is not JSON or not an object.
  static JsonFields parse(std::string_view body);
  // `prefix` is prepended to field names in errors ("rows[3].").
  explicit JsonFields(boost::json::object object, std::string prefix = {});

  bool has(std::string_view key) const;

  std::optional<std::string> string(std::string_view key);
  std::string required_string(std::string_view key);
  std::optional<std::int64_t> integer(std::string_view key);
  std::int64_t required_integer(std::string_view key);
  std::optional<double> number(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::vector<std::int64_t>> integer_list(std::string_view key);
  std::optional<Month> month(std::string_view key);  // "YYYY-MM"
  std::optional<Date> date(std::string_view key);    // "YYYY-MM-DD"
  std::optional<boost::json::object> object(std::string_view key);
  std::optional<boost::json::array> array(std::string_view key);

  // Free text that must say something: whitespace alone is refused; anything
  // else (quotes, SQL, Unicode) is kept verbatim.
  std::string required_text(std::string_view key);
  Date required_date(std::string_view key);
  // A reference to another record: a positive integer. Whether it exists is
  // the caller's check (a 404 naming the field), inside its transaction.
  std::optional<Id> id(std::string_view key);
  Id required_id(std::string_view key);

  std::optional<std::optional<std::int64_t>> nullable_integer(std::string_view key);
  std::optional<std::optional<std::string>> nullable_string(std::string_view key);
  std::optional<std::optional<Month>> nullable_month(std::string_view key);

  // InputError naming the first field that no getter read.
  void finish() const;

  // "prefix" + key, as errors name it.
  std::string name(std::string_view key) const;

 private:
  const boost::json::value* find(std::string_view key);  // marks it known; null when absent
  [[noreturn]] void wrong_type(std::string_view key, std::string_view expected) const;

  boost::json::object object_;
  std::string prefix_;
  std::set<std::string, std::less<>> known_;
};

// Parses a positive id from a path segment or query value; InputError naming
// `field` otherwise.
Id parse_id(std::string_view text, std::string_view field);

}  // namespace caseaudit::daemon::api
