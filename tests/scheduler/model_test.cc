#include "scheduler/model.h"

#include <gtest/gtest.h>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

template <typename Enum, typename Parser>
void expect_round_trip(Parser parse) {
  for (Enum value : all_values<Enum>()) {
    EXPECT_EQ(parse(to_string(value), "f"), value) << to_string(value);
  }
}

TEST(ModelTest, EveryEnumerationRoundTripsThroughItsName) {
  expect_round_trip<Role>(parse_role);
  expect_round_trip<Cadence>(parse_cadence);
  expect_round_trip<Parity>(parse_parity);
  expect_round_trip<ExemptionKind>(parse_exemption_kind);
  expect_round_trip<LegalStatus>(parse_legal_status);
  expect_round_trip<Grade>(parse_grade);
  expect_round_trip<AuditStatus>(parse_audit_status);
  expect_round_trip<AuditOutcome>(parse_audit_outcome);
  expect_round_trip<MonthStatus>(parse_month_status);
  expect_round_trip<ActionStatus>(parse_action_status);
  expect_round_trip<ConcernStatus>(parse_concern_status);
  expect_round_trip<OutboxStatus>(parse_outbox_status);
}

TEST(ModelTest, UnknownNameIsAnInputErrorListingTheChoices) {
  try {
    parse_legal_status("looked_after", "children.legal_status");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "children.legal_status");
    EXPECT_NE(std::string(error.what()).find("child_in_care"), std::string::npos);
  }
}

TEST(ModelTest, BimonthlyRotaWorksOnlyItsParity) {
  const Rota odd{Cadence::kBimonthly, Parity::kOdd};
  const Rota even{Cadence::kBimonthly, Parity::kEven};
  EXPECT_TRUE(odd.works_in(Month(2027, 1)));
  EXPECT_FALSE(odd.works_in(Month(2027, 2)));
  EXPECT_TRUE(even.works_in(Month(2027, 2)));
  EXPECT_TRUE(Rota{}.works_in(Month(2027, 2)));
}

TEST(ModelTest, ExemptionCoversItsMonthsOnly) {
  Exemption leave{.kind = ExemptionKind::kMaternityLeave, .first_month = Month(2027, 3)};
  EXPECT_FALSE(leave.covers(Month(2027, 2)));
  EXPECT_TRUE(leave.covers(Month(2028, 9)));  // open-ended
  leave.last_month = Month(2027, 5);
  EXPECT_TRUE(leave.covers(Month(2027, 5)));
  EXPECT_FALSE(leave.covers(Month(2027, 6)));
  EXPECT_TRUE(is_standing(ExemptionKind::kSecondment));
  EXPECT_FALSE(is_standing(ExemptionKind::kSingleMonth));
}

}  // namespace
}  // namespace caseaudit
