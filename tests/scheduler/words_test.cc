#include "scheduler/words.h"

#include <gtest/gtest.h>

namespace caseaudit {
namespace {

TEST(Words, DatesAsPeopleWriteThem) {
  EXPECT_EQ(date_in_words(parse_date("2026-12-31")), "Thursday 31 December 2026");
  EXPECT_EQ(date_in_words(parse_date("2027-03-01")), "Monday 1 March 2027");
  EXPECT_EQ(date_in_words(parse_date("2028-02-29")), "Tuesday 29 February 2028");
  EXPECT_EQ(month_in_words(Month(2027, 1)), "January 2027");
}

TEST(Words, EveryValueHasItsWords) {
  EXPECT_EQ(in_words(Grade::kRequiresImprovement), "Requires improvement");
  EXPECT_EQ(in_words(LegalStatus::kChildProtection), "Child protection");
  EXPECT_EQ(in_words(Role::kHeadOfService), "Head of service");
  EXPECT_EQ(in_words(Role::kIroCpChair), "IRO / CP chair");
  EXPECT_EQ(in_words(ExemptionKind::kExtendedLeave), "Extended leave or absence");
  for (Grade grade : all_values<Grade>()) EXPECT_NE(in_words(grade).rfind("Unknown", 0), 0u);
  for (Role role : all_values<Role>()) EXPECT_NE(in_words(role).rfind("Unknown", 0), 0u);
  for (LegalStatus status : all_values<LegalStatus>()) {
    EXPECT_NE(in_words(status).rfind("Unknown", 0), 0u);
  }
  for (ExemptionKind kind : all_values<ExemptionKind>()) {
    EXPECT_NE(in_words(kind).rfind("Unknown", 0), 0u);
  }
}

}  // namespace
}  // namespace caseaudit
