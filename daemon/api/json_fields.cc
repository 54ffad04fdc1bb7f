#include "daemon/api/json_fields.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "scheduler/errors.h"

namespace caseaudit::daemon::api {

namespace json = boost::json;

JsonFields JsonFields::parse(std::string_view body) {
  json::error_code error;
  json::value value = json::parse(body, error);
  if (error) throw InputError(fmt::format("malformed JSON: {}", error.message()), "body");
  if (!value.is_object()) throw InputError("the body must be a JSON object", "body");
  return JsonFields(std::move(value.as_object()));
}

JsonFields::JsonFields(json::object object, std::string prefix)
    : object_(std::move(object)), prefix_(std::move(prefix)) {}

std::string JsonFields::name(std::string_view key) const {
  return fmt::format("{}{}", prefix_, key);
}

bool JsonFields::has(std::string_view key) const { return object_.contains(key); }

const json::value* JsonFields::find(std::string_view key) {
  known_.emplace(key);
  return object_.if_contains(key);
}

void JsonFields::wrong_type(std::string_view key, std::string_view expected) const {
  throw InputError(fmt::format("{}: expected {}", name(key), expected), name(key));
}

std::optional<std::string> JsonFields::string(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) wrong_type(key, "a string");
  return std::string(value->as_string());
}

std::string JsonFields::required_string(std::string_view key) {
  std::optional<std::string> value = string(key);
  if (!value) throw InputError(fmt::format("{} is required", name(key)), name(key));
  return *value;
}

std::optional<std::int64_t> JsonFields::integer(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= std::numeric_limits<std::int64_t>::max()) {
    return static_cast<std::int64_t>(value->as_uint64());
  }
  wrong_type(key, "an integer");
}

std::int64_t JsonFields::required_integer(std::string_view key) {
  std::optional<std::int64_t> value = integer(key);
  if (!value) throw InputError(fmt::format("{} is required", name(key)), name(key));
  return *value;
}

std::optional<double> JsonFields::number(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_double() && std::isfinite(value->as_double())) return value->as_double();
  if (value->is_int64()) return static_cast<double>(value->as_int64());
  if (value->is_uint64()) return static_cast<double>(value->as_uint64());
  wrong_type(key, "a number");
}

std::optional<bool> JsonFields::boolean(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_bool()) wrong_type(key, "true or false");
  return value->as_bool();
}

std::optional<std::vector<std::int64_t>> JsonFields::integer_list(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) wrong_type(key, "an array of integers");
  std::vector<std::int64_t> result;
  for (const json::value& item : value->as_array()) {
    if (!item.is_int64()) wrong_type(key, "an array of integers");
    result.push_back(item.as_int64());
  }
  return result;
}

std::optional<Month> JsonFields::month(std::string_view key) {
  std::optional<std::string> text = string(key);
  if (!text) return std::nullopt;
  return Month::parse(*text, name(key));
}

std::optional<Date> JsonFields::date(std::string_view key) {
  std::optional<std::string> text = string(key);
  if (!text) return std::nullopt;
  return parse_date(*text, name(key));
}

std::string JsonFields::required_text(std::string_view key) {
  std::string text = required_string(key);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError(fmt::format("{} must not be empty", name(key)), name(key));
  }
  return text;
}

Date JsonFields::required_date(std::string_view key) {
  std::optional<Date> value = date(key);
  if (!value) throw InputError(fmt::format("{} is required", name(key)), name(key));
  return *value;
}

std::optional<Id> JsonFields::id(std::string_view key) {
  std::optional<std::int64_t> value = integer(key);
  if (value && *value <= 0) {
    throw InputError(fmt::format("{}: expected a positive integer id", name(key)), name(key));
  }
  return value;
}

Id JsonFields::required_id(std::string_view key) {
  std::optional<Id> value = id(key);
  if (!value) throw InputError(fmt::format("{} is required", name(key)), name(key));
  return *value;
}

std::optional<json::object> JsonFields::object(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) wrong_type(key, "an object");
  return value->as_object();
}

std::optional<json::array> JsonFields::array(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) wrong_type(key, "an array");
  return value->as_array();
}

std::optional<std::optional<std::int64_t>> JsonFields::nullable_integer(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<std::int64_t>{};
  return integer(key);
}

std::optional<std::optional<std::string>> JsonFields::nullable_string(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<std::string>{};
  return string(key);
}

std::optional<std::optional<Month>> JsonFields::nullable_month(std::string_view key) {
  const json::value* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<Month>{};
  return month(key);
}

void JsonFields::finish() const {
  for (const auto& entry : object_) {
    if (!known_.contains(std::string_view(entry.key()))) {
      std::string field = name(entry.key());
      throw InputError(fmt::format("unknown field {}", field), field);
    }
  }
}

Id parse_id(std::string_view text, std::string_view field) {
  Id id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    throw InputError(fmt::format("{}: expected a positive integer id, got \"{}\"", field, text),
                     std::string(field));
  }
  return id;
}

}  // namespace caseaudit::daemon::api
