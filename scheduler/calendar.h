// Calendar: working days (weekdays that are not bank holidays) for the
// monthly audit cycle, and the conversions between instants (UTC) and local
// civil time that reminders need ("send at 08:00 on the first working day").
//
// Pure: no I/O. Time zones are passed in as date::time_zone pointers that the
// caller obtained once with date::locate_zone (which reads the system tzdata);
// they are immutable and live for the whole program, so they are safe to share.
// All types here are immutable after construction and safe to use from
// several threads at once.
#pragma once

#include <vector>

#include "scheduler/clock.h"
#include "scheduler/month.h"

namespace date {
class time_zone;
}

namespace caseaudit {

class Calendar {
 public:
  // `bank_holidays` may be unsorted and contain duplicates. Throws InputError
  // (field "bank_holidays") for an invalid date or one on a weekend: bank
  // holidays that fall on a weekend are replaced by substitute weekdays, and a
  // weekend entry means the list was copied wrongly.
  explicit Calendar(std::vector<Date> bank_holidays);

  // The published bank holidays of England and Wales, 2024 to 2028 inclusive
  // (including substitute days). Outside those years only weekends are
  // non-working days: configure a longer list before then.
  static std::vector<Date> england_and_wales_bank_holidays();
  // A calendar built from england_and_wales_bank_holidays(). Never destroyed.
  static const Calendar& england_and_wales();

  const std::vector<Date>& bank_holidays() const { return holidays_; }  // sorted, unique

  bool is_bank_holiday(Date date) const;
  bool is_working_day(Date date) const;

  Date first_working_day(Month month) const;
  Date last_working_day(Month month) const;

  // The n-th working day after `date` (n > 0) or before it (n < 0); `date`
  // itself is never counted and need not be a working day. n == 0 returns
  // `date` unchanged.
  Date add_working_days(Date date, int n) const;

  // For b >= a: the working days in (a, b]; for b < a: minus the working days
  // in [b, a). So when b is a working day,
  // add_working_days(a, working_days_between(a, b)) == b.
  int working_days_between(Date a, Date b) const;

 private:
  std::vector<Date> holidays_;
};

// A local civil date and time of day, to the second.
struct LocalTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int minute_of_day() const { return hour * 60 + minute; }
  friend bool operator==(const LocalTime&, const LocalTime&) = default;
};

// Precondition for both: zone != nullptr (ProgramError otherwise).
LocalTime to_local(Instant instant, const date::time_zone* zone);

// The instant at which the local clock in `zone` shows hour:minute on `day`.
// On the day clocks go back the ambiguous hour resolves to its first (summer
// time) occurrence; on the day clocks go forward a time in the skipped hour
// resolves to the instant of the change. Throws InputError naming "hour" or
// "minute" when out of range (0-23, 0-59).
Instant at_local(Date day, int hour, int minute, const date::time_zone* zone);

// When it is polite to send email: working days between `open` (inclusive)
// and `close` (exclusive), local time. Holds references: `calendar` and
// `zone` must outlive the window.
class SendWindow {
 public:
  struct TimeOfDay {
    int hour = 0;
    int minute = 0;
  };

  // Defaults: 08:00 to 18:00. A close of 24:00 means until midnight. Throws
  // InputError (field "send_window.open" or "send_window.close") if a time is
  // out of range or open is not before close.
  SendWindow(const Calendar& calendar, const date::time_zone* zone, TimeOfDay open = {8, 0},
             TimeOfDay close = {18, 0});

  bool contains(Instant instant) const;
  // `instant` itself when the window contains it, else the next opening.
  Instant next_open(Instant instant) const;

 private:
  const Calendar& calendar_;
  const date::time_zone* zone_;
  int open_minute_;  // minutes after local midnight
  int close_minute_;
};

}  // namespace caseaudit
