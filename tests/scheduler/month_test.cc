#include "scheduler/month.h"

#include <gtest/gtest.h>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

TEST(MonthTest, ParsesAndFormats) {
  const Month month = Month::parse("2027-02");
  EXPECT_EQ(month.year(), 2027);
  EXPECT_EQ(month.month(), 2);
  EXPECT_EQ(month.to_string(), "2027-02");
}

TEST(MonthTest, RejectsMalformedMonthsNamingTheField) {
  for (const char* bad :
       {"2027-13", "2027-00", "27-02", "2027/02", "2027-2", "", "2027-02x", "1999-12", "abcd-ef"}) {
    try {
      Month::parse(bad, "period");
      FAIL() << bad << " was accepted";
    } catch (const InputError& error) {
      EXPECT_EQ(error.field(), "period");
      EXPECT_NE(std::string(error.what()).find("YYYY-MM"), std::string::npos);
    }
  }
}

TEST(MonthTest, ArithmeticCrossesYears) {
  EXPECT_EQ(Month(2026, 12).next(), Month(2027, 1));
  EXPECT_EQ(Month(2027, 1).prev(), Month(2026, 12));
  EXPECT_EQ(Month(2027, 2).plus(-14), Month(2025, 12));
  EXPECT_EQ(Month(2027, 8).minus(Month(2027, 2)), 6);
  EXPECT_LT(Month(2026, 12), Month(2027, 1));
}

TEST(MonthTest, FirstAndLastDays) {
  EXPECT_EQ(format_date(Month(2028, 2).last_day()), "2028-02-29");
  EXPECT_EQ(format_date(Month(2027, 2).last_day()), "2027-02-28");
  EXPECT_EQ(format_date(Month(2027, 4).first_day()), "2027-04-01");
}

TEST(DateTest, RejectsImpossibleDays) {
  EXPECT_THROW(parse_date("2027-02-30"), InputError);
  EXPECT_THROW(parse_date("2027-2-3"), InputError);
  EXPECT_EQ(format_date(parse_date("2027-01-29")), "2027-01-29");
}

}  // namespace
}  // namespace caseaudit
