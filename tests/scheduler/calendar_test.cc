#include "scheduler/calendar.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Instant utc(int y, unsigned m, unsigned d, int hour, int minute) {
  return Instant{sys_days{ymd(y, m, d)}} + std::chrono::hours{hour} + std::chrono::minutes{minute};
}

const date::time_zone* london() {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  return zone;
}

std::vector<Date> holidays_in(int year) {
  std::vector<Date> found;
  for (Date d : Calendar::england_and_wales().bank_holidays()) {
    if (d.year() == std::chrono::year{year}) found.push_back(d);
  }
  return found;
}

// ---- An independent derivation of the rules, to check the published list ----

// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
Date easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date nth_monday(int y, unsigned month, int n) {
  return Date{sys_days{std::chrono::year_month_weekday{
      std::chrono::year{y}, std::chrono::month{month},
      std::chrono::weekday_indexed{std::chrono::Monday, static_cast<unsigned>(n)}}}};
}

Date last_monday(int y, unsigned month) {
  return Date{sys_days{
      std::chrono::year_month_weekday_last{std::chrono::year{y}, std::chrono::month{month},
                                           std::chrono::weekday_last{std::chrono::Monday}}}};
}

bool weekend(Date d) {
  const std::chrono::weekday w{sys_days{d}};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

// A holiday on a weekend moves to the next weekday not already a holiday.
void add_with_substitute(std::vector<Date>& list, Date d) {
  while (weekend(d) || std::find(list.begin(), list.end(), d) != list.end()) {
    d = Date{sys_days{d} + days{1}};
  }
  list.push_back(d);
}

std::vector<Date> derived_holidays(int y) {
  std::vector<Date> list;
  add_with_substitute(list, ymd(y, 1, 1));
  list.push_back(Date{sys_days{easter_sunday(y)} - days{2}});
  list.push_back(Date{sys_days{easter_sunday(y)} + days{1}});
  list.push_back(nth_monday(y, 5, 1));
  list.push_back(last_monday(y, 5));
  list.push_back(last_monday(y, 8));
  add_with_substitute(list, ymd(y, 12, 25));
  add_with_substitute(list, ymd(y, 12, 26));
  std::sort(list.begin(), list.end());
  return list;
}

// ---- Bank holidays ------------------------------------------------------------

TEST(CalendarTest, BankHolidays2027AreThePublishedOnes) {
  EXPECT_EQ(holidays_in(2027),
            (std::vector<Date>{ymd(2027, 1, 1), ymd(2027, 3, 26), ymd(2027, 3, 29), ymd(2027, 5, 3),
                               ymd(2027, 5, 31), ymd(2027, 8, 30), ymd(2027, 12, 27),
                               ymd(2027, 12, 28)}));
}

TEST(CalendarTest, BankHolidays2028AreThePublishedOnes) {
  EXPECT_EQ(holidays_in(2028),
            (std::vector<Date>{ymd(2028, 1, 3), ymd(2028, 4, 14), ymd(2028, 4, 17), ymd(2028, 5, 1),
                               ymd(2028, 5, 29), ymd(2028, 8, 28), ymd(2028, 12, 25),
                               ymd(2028, 12, 26)}));
}

TEST(CalendarTest, EveryYearMatchesTheRulesForEnglandAndWales) {
  for (int year = 2024; year <= 2028; ++year) {
    EXPECT_EQ(holidays_in(year), derived_holidays(year)) << year;
  }
}

TEST(CalendarTest, SubstituteDaysReplaceWeekendHolidays) {
  const Calendar& c = Calendar::england_and_wales();
  EXPECT_FALSE(c.is_bank_holiday(ymd(2026, 12, 26)));  // Saturday
  EXPECT_TRUE(c.is_bank_holiday(ymd(2026, 12, 28)));   // its Monday substitute
  EXPECT_TRUE(c.is_bank_holiday(ymd(2027, 12, 27)));   // for Christmas, a Saturday
  EXPECT_TRUE(c.is_bank_holiday(ymd(2027, 12, 28)));   // for Boxing Day, a Sunday
  EXPECT_FALSE(c.is_bank_holiday(ymd(2028, 1, 1)));    // Saturday
  EXPECT_TRUE(c.is_bank_holiday(ymd(2028, 1, 3)));
}

TEST(CalendarTest, RejectsAWeekendBankHoliday) {
  try {
    Calendar calendar({ymd(2027, 12, 25)});
    FAIL() << "a Saturday was accepted as a bank holiday";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "bank_holidays");
    EXPECT_NE(std::string(e.what()).find("2027-12-25"), std::string::npos) << e.what();
  }
}

TEST(CalendarTest, ConfiguredListReplacesTheDefault) {
  const Calendar only_weekends({});
  EXPECT_TRUE(only_weekends.is_working_day(ymd(2027, 1, 1)));
  const Calendar with_duplicates({ymd(2027, 6, 7), ymd(2027, 6, 7), ymd(2027, 6, 4)});
  EXPECT_EQ(with_duplicates.bank_holidays(), (std::vector<Date>{ymd(2027, 6, 4), ymd(2027, 6, 7)}));
  EXPECT_FALSE(with_duplicates.is_working_day(ymd(2027, 6, 7)));
  EXPECT_TRUE(with_duplicates.is_working_day(ymd(2027, 6, 8)));
}

// ---- Working days ---------------------------------------------------------------

TEST(CalendarTest, FirstAndLastWorkingDays) {
  const Calendar& c = Calendar::england_and_wales();
  EXPECT_EQ(c.first_working_day(Month(2027, 1)), ymd(2027, 1, 4));  // 1st holiday, 2-3 weekend
  EXPECT_EQ(c.first_working_day(Month(2028, 1)), ymd(2028, 1, 4));  // 1-2 weekend, 3rd substitute
  EXPECT_EQ(c.first_working_day(Month(2027, 2)), ymd(2027, 2, 1));
  EXPECT_EQ(c.last_working_day(Month(2026, 8)), ymd(2026, 8, 28));  // 31st is a bank holiday
  EXPECT_EQ(c.last_working_day(Month(2027, 12)), ymd(2027, 12, 31));
  EXPECT_EQ(c.last_working_day(Month(2027, 7)), ymd(2027, 7, 30));  // 31st is a Saturday
}

TEST(CalendarTest, AddWorkingDaysSkipsEaster) {
  const Calendar& c = Calendar::england_and_wales();
  // Thursday 25 March 2027; Good Friday 26th, weekend, Easter Monday 29th.
  EXPECT_EQ(c.add_working_days(ymd(2027, 3, 25), 1), ymd(2027, 3, 30));
  EXPECT_EQ(c.add_working_days(ymd(2027, 3, 30), -1), ymd(2027, 3, 25));
  EXPECT_EQ(c.add_working_days(ymd(2027, 3, 24), 3), ymd(2027, 3, 31));
  EXPECT_EQ(c.add_working_days(ymd(2027, 3, 27), 1), ymd(2027, 3, 30));  // from a Saturday
  EXPECT_EQ(c.add_working_days(ymd(2027, 3, 27), 0), ymd(2027, 3, 27));
  EXPECT_EQ(c.working_days_between(ymd(2027, 3, 25), ymd(2027, 3, 30)), 1);
  EXPECT_EQ(c.working_days_between(ymd(2027, 3, 30), ymd(2027, 3, 25)), -1);
  EXPECT_EQ(c.working_days_between(ymd(2027, 3, 26), ymd(2027, 3, 29)), 0);
}

TEST(CalendarTest, AddWorkingDaysAcrossTheNewYear) {
  const Calendar& c = Calendar::england_and_wales();
  // Friday 24 December 2027; 27th and 28th substitute, 1-2 January weekend, 3rd substitute.
  EXPECT_EQ(c.add_working_days(ymd(2027, 12, 24), 1), ymd(2027, 12, 29));
  EXPECT_EQ(c.add_working_days(ymd(2027, 12, 24), 4), ymd(2028, 1, 4));
  EXPECT_EQ(c.add_working_days(ymd(2028, 1, 4), -1), ymd(2027, 12, 31));
  EXPECT_EQ(c.add_working_days(ymd(2028, 1, 4), -4), ymd(2027, 12, 24));
}

TEST(CalendarTest, WorkingDaysInAMonth) {
  const Calendar& c = Calendar::england_and_wales();
  // December 2027: 23 weekdays less the 27th and 28th.
  EXPECT_EQ(c.working_days_between(ymd(2027, 11, 30), ymd(2027, 12, 31)), 21);
}

TEST(CalendarTest, AddingTheDaysBetweenLandsOnTheWorkingDay) {
  const Calendar& c = Calendar::england_and_wales();
  const Date start = ymd(2027, 3, 1);
  for (int offset = -40; offset <= 300; ++offset) {
    const Date b{sys_days{start} + days{offset}};
    if (!c.is_working_day(b)) continue;
    EXPECT_EQ(c.add_working_days(start, c.working_days_between(start, b)), b) << format_date(b);
  }
}

// ---- Local time ------------------------------------------------------------------

TEST(LocalTimeTest, SevenAmAcrossTheSpringChange) {
  // Clocks go forward at 01:00 UTC on Sunday 28 March 2027.
  EXPECT_EQ(at_local(ymd(2027, 3, 27), 7, 0, london()), utc(2027, 3, 27, 7, 0));
  EXPECT_EQ(at_local(ymd(2027, 3, 28), 7, 0, london()), utc(2027, 3, 28, 6, 0));
  EXPECT_EQ(at_local(ymd(2027, 3, 29), 7, 0, london()), utc(2027, 3, 29, 6, 0));
}

TEST(LocalTimeTest, SevenAmAcrossTheAutumnChange) {
  // Clocks go back at 01:00 UTC on Sunday 31 October 2027.
  EXPECT_EQ(at_local(ymd(2027, 10, 30), 7, 0, london()), utc(2027, 10, 30, 6, 0));
  EXPECT_EQ(at_local(ymd(2027, 10, 31), 7, 0, london()), utc(2027, 10, 31, 7, 0));
  EXPECT_EQ(at_local(ymd(2027, 11, 1), 7, 0, london()), utc(2027, 11, 1, 7, 0));
}

TEST(LocalTimeTest, SkippedAndRepeatedHours) {
  // 01:30 does not exist on 28 March: it resolves to the change itself.
  EXPECT_EQ(at_local(ymd(2027, 3, 28), 1, 30, london()), utc(2027, 3, 28, 1, 0));
  // 01:30 happens twice on 31 October: the first (summer time) one.
  EXPECT_EQ(at_local(ymd(2027, 10, 31), 1, 30, london()), utc(2027, 10, 31, 0, 30));
}

TEST(LocalTimeTest, ToLocalShowsTheWallClock) {
  EXPECT_EQ(to_local(utc(2027, 6, 15, 23, 30) + std::chrono::seconds{5}, london()),
            (LocalTime{ymd(2027, 6, 16), 0, 30, 5}));
  EXPECT_EQ(to_local(utc(2027, 1, 15, 23, 30), london()), (LocalTime{ymd(2027, 1, 15), 23, 30, 0}));
  const Instant noon = at_local(ymd(2027, 8, 2), 12, 0, london());
  EXPECT_EQ(to_local(noon, london()), (LocalTime{ymd(2027, 8, 2), 12, 0, 0}));
}

TEST(LocalTimeTest, BadArgumentsAreNamed) {
  try {
    at_local(ymd(2027, 1, 4), 24, 0, london());
    FAIL() << "hour 24 was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "hour");
  }
  EXPECT_THROW(at_local(ymd(2027, 1, 4), 8, 60, london()), InputError);
  EXPECT_THROW(to_local(utc(2027, 1, 4, 8, 0), nullptr), ProgramError);
}

// ---- The send window ----------------------------------------------------------------

class SendWindowTest : public ::testing::Test {
 protected:
  SendWindow window_{Calendar::england_and_wales(), london()};
  Instant local(Date day, int hour, int minute) { return at_local(day, hour, minute, london()); }
};

TEST_F(SendWindowTest, OpenFromEightUntilSixOnWorkingDays) {
  const Date winter = ymd(2027, 2, 1);  // Monday, GMT
  EXPECT_FALSE(window_.contains(local(winter, 7, 59)));
  EXPECT_TRUE(window_.contains(local(winter, 8, 0)));
  EXPECT_TRUE(window_.contains(local(winter, 17, 59)));
  EXPECT_FALSE(window_.contains(local(winter, 18, 0)));
  const Date summer = ymd(2027, 7, 5);  // Monday, BST: 08:00 local is 07:00 UTC
  EXPECT_TRUE(window_.contains(utc(2027, 7, 5, 7, 0)));
  EXPECT_FALSE(window_.contains(utc(2027, 7, 5, 6, 59)));
  EXPECT_FALSE(window_.contains(local(summer, 18, 0)));
}

TEST_F(SendWindowTest, ClosedOnBankHolidaysAndWeekends) {
  EXPECT_FALSE(window_.contains(local(ymd(2027, 5, 3), 10, 0)));  // Early May bank holiday
  EXPECT_FALSE(window_.contains(local(ymd(2027, 2, 6), 10, 0)));  // Saturday
}

TEST_F(SendWindowTest, NextOpenAfterFridayEvening) {
  EXPECT_EQ(window_.next_open(local(ymd(2027, 2, 5), 18, 30)), utc(2027, 2, 8, 8, 0));
  // Friday 28 May 2027; Monday 31 May is the Spring bank holiday.
  EXPECT_EQ(window_.next_open(local(ymd(2027, 5, 28), 18, 30)), utc(2027, 6, 1, 7, 0));
  // Maundy Thursday evening: Good Friday, weekend and Easter Monday are skipped.
  EXPECT_EQ(window_.next_open(local(ymd(2027, 3, 25), 19, 0)), utc(2027, 3, 30, 7, 0));
  // During a bank holiday itself (Easter Monday morning).
  EXPECT_EQ(window_.next_open(local(ymd(2027, 3, 29), 10, 0)), utc(2027, 3, 30, 7, 0));
}

TEST_F(SendWindowTest, FollowsTheClocksChanging) {
  // Friday 26 March 2027 is Good Friday; Thursday 25th is GMT, Tuesday 30th BST.
  EXPECT_TRUE(window_.contains(utc(2027, 3, 25, 8, 0)));
  EXPECT_FALSE(window_.contains(utc(2027, 3, 25, 18, 0)));
  EXPECT_TRUE(window_.contains(utc(2027, 3, 30, 7, 0)));
  EXPECT_TRUE(window_.contains(utc(2027, 3, 30, 16, 59)));
  EXPECT_FALSE(window_.contains(utc(2027, 3, 30, 17, 0)));
  // Friday 29 October 2027 is BST; Monday 1 November GMT.
  EXPECT_EQ(window_.next_open(utc(2027, 10, 29, 17, 0)), utc(2027, 11, 1, 8, 0));
}

TEST_F(SendWindowTest, NextOpenEarlySameDayOrNow) {
  EXPECT_EQ(window_.next_open(local(ymd(2027, 2, 1), 6, 0)), utc(2027, 2, 1, 8, 0));
  const Instant inside = local(ymd(2027, 2, 1), 11, 15);
  EXPECT_EQ(window_.next_open(inside), inside);
}

TEST(SendWindowConfigTest, CustomHours) {
  const SendWindow window(Calendar::england_and_wales(), london(), {9, 30}, {16, 0});
  EXPECT_FALSE(window.contains(utc(2027, 2, 1, 9, 29)));
  EXPECT_TRUE(window.contains(utc(2027, 2, 1, 9, 30)));
  EXPECT_FALSE(window.contains(utc(2027, 2, 1, 16, 0)));
  EXPECT_EQ(window.next_open(utc(2027, 2, 1, 16, 0)), utc(2027, 2, 2, 9, 30));
}

TEST(SendWindowConfigTest, RejectsImpossibleHours) {
  const Calendar& c = Calendar::england_and_wales();
  try {
    SendWindow window(c, london(), {18, 0}, {8, 0});
    FAIL() << "a window closing before it opens was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "send_window.close");
  }
  try {
    SendWindow window(c, london(), {25, 0}, {26, 0});
    FAIL() << "hour 25 was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "send_window.open");
  }
  EXPECT_THROW(SendWindow(c, nullptr), ProgramError);
}

}  // namespace
}  // namespace caseaudit
