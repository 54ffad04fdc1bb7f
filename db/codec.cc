#include "db/codec.h"

#include <cstdio>

#include "scheduler/errors.h"

namespace caseaudit::db {

std::string format_instant(Instant at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{at - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return buffer;
}

Instant parse_instant(std::string_view text, std::string_view field) {
  const auto bad = [&] {
    return InputError(std::string(field) + ": expected an instant as YYYY-MM-DDTHH:MM:SSZ, got \"" +
                          std::string(text) + "\"",
                      std::string(field));
  };
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    throw bad();
  }
  const Date date = parse_date(text.substr(0, 10), field);
  int values[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const std::string_view part = text.substr(11 + 3 * i, 2);
    for (char c : part) {
      if (c < '0' || c > '9') throw bad();
    }
    values[i] = (part[0] - '0') * 10 + (part[1] - '0');
  }
  if (values[0] > 23 || values[1] > 59 || values[2] > 59) throw bad();
  return std::chrono::sys_days{date} + std::chrono::hours{values[0]} +
         std::chrono::minutes{values[1]} + std::chrono::seconds{values[2]};
}

std::optional<long long> to_stored(const std::optional<Id>& id) {
  if (!id) return std::nullopt;
  return static_cast<long long>(*id);
}

std::string to_text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& value : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

bool RowReader::is_null(std::size_t column) const {
  return row_.get_indicator(column) == soci::i_null;
}

std::string RowReader::field(std::size_t column) const {
  return std::string(table_) + "." + row_.get_properties(column).get_name();
}

std::int64_t RowReader::integer(std::size_t column) const {
  if (is_null(column)) throw ProgramError("unexpected NULL in " + field(column));
  switch (row_.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row_.get<int>(column);
    case soci::dt_long_long:
      return row_.get<long long>(column);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(row_.get<unsigned long long>(column));
    case soci::dt_double:
      return static_cast<std::int64_t>(row_.get<double>(column));
    case soci::dt_string:
      return std::stoll(row_.get<std::string>(column));
    default:
      throw ProgramError("column " + field(column) + " is not an integer");
  }
}

std::optional<std::int64_t> RowReader::optional_integer(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

double RowReader::real(std::size_t column) const {
  if (is_null(column)) throw ProgramError("unexpected NULL in " + field(column));
  switch (row_.get_properties(column).get_data_type()) {
    case soci::dt_double:
      return row_.get<double>(column);
    case soci::dt_integer:
      return row_.get<int>(column);
    case soci::dt_long_long:
      return static_cast<double>(row_.get<long long>(column));
    case soci::dt_string:
      return std::stod(row_.get<std::string>(column));
    default:
      throw ProgramError("column " + field(column) + " is not a number");
  }
}

std::string RowReader::text(std::size_t column) const {
  if (is_null(column)) return {};
  return row_.get<std::string>(column);
}

std::optional<std::string> RowReader::optional_text(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return row_.get<std::string>(column);
}

Month RowReader::month(std::size_t column) const {
  return Month::parse(text(column), field(column));
}

std::optional<Month> RowReader::optional_month(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return month(column);
}

Date RowReader::date(std::size_t column) const { return parse_date(text(column), field(column)); }

std::optional<Date> RowReader::optional_date(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return date(column);
}

Instant RowReader::instant(std::size_t column) const {
  return parse_instant(text(column), field(column));
}

std::optional<Instant> RowReader::optional_instant(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return instant(column);
}

}  // namespace caseaudit::db
