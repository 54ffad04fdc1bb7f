// Conversions between domain values and their stored form (see database.h for
// the conventions), and a typed reader for soci::row that hides how each
// engine reports integer columns (SQLite and PostgreSQL differ in int vs
// long long, so a reader asking for one exact type would throw bad_cast).
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit::db {

std::string format_instant(Instant at);  // "YYYY-MM-DDTHH:MM:SSZ"
// Throws InputError naming `field` when `text` is not in that form.
Instant parse_instant(std::string_view text, std::string_view field);

// A nullable bound value: SOCI takes a value and an indicator, both by reference,
// so each parameter needs storage that outlives the statement.
template <typename T>
struct Nullable {
  T value{};
  soci::indicator indicator = soci::i_null;

  Nullable() = default;
  explicit Nullable(const std::optional<T>& from) { set(from); }
  void set(const std::optional<T>& from) {
    if (from) {
      value = *from;
      indicator = soci::i_ok;
    } else {
      value = T{};
      indicator = soci::i_null;
    }
  }
};

using NullableId = Nullable<long long>;
using NullableText = Nullable<std::string>;
using NullableInt = Nullable<int>;

std::optional<long long> to_stored(const std::optional<Id>& id);

// A PostgreSQL text[] literal ({"a","b \"c\""}) of `values`, to bind as one
// text value and CAST(... AS TEXT[]) in the statement: SOCI binds a vector as
// a bulk operation (one execution per element), not as an array.
std::string to_text_array(const std::vector<std::string>& values);

// Reads columns of a soci::row by position, converting what the engine returned
// into the requested type. `table` is only for error messages.
class RowReader {
 public:
  RowReader(const soci::row& row, std::string_view table) : row_(row), table_(table) {}

  std::int64_t integer(std::size_t column) const;
  std::optional<std::int64_t> optional_integer(std::size_t column) const;
  double real(std::size_t column) const;
  std::string text(std::size_t column) const;  // NULL reads as ""
  std::optional<std::string> optional_text(std::size_t column) const;
  bool boolean(std::size_t column) const { return integer(column) != 0; }

  Id id(std::size_t column) const { return integer(column); }
  std::optional<Id> optional_id(std::size_t column) const { return optional_integer(column); }
  Month month(std::size_t column) const;
  std::optional<Month> optional_month(std::size_t column) const;
  Date date(std::size_t column) const;
  std::optional<Date> optional_date(std::size_t column) const;
  Instant instant(std::size_t column) const;
  std::optional<Instant> optional_instant(std::size_t column) const;

 private:
  bool is_null(std::size_t column) const;
  std::string field(std::size_t column) const;

  const soci::row& row_;
  std::string_view table_;
};

}  // namespace caseaudit::db
