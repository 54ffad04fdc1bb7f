// The one email-address rule, mailbox parser and HH:MM parser.
#include <gtest/gtest.h>

#include "scheduler/email_address.h"
#include "scheduler/time_of_day.h"

namespace caseaudit {
namespace {

TEST(EmailAddress, PlainAddressesAreAccepted) {
  for (const char* good :
       {"qa@council.gov.uk", "ann.o'brien+audit@example.org", "a@b", "x@sub.domain.example"}) {
    EXPECT_TRUE(is_email_address(good)) << good;
  }
}

TEST(EmailAddress, AnythingNeedingQuotingIsRefused) {
  for (const char* bad :
       {"", "@x", "x@", "a@b@c", "a b@c", "a@b\n", "a@b\r\nBcc: z@y", "<a@b>", "a,b@c", "a\"b@c",
        "a\\b@c", "a(b)@c", "a;b@c", "a:b@c", "caf\xc3\xa9@example.org", "a\t@b", "qa team"}) {
    EXPECT_FALSE(is_email_address(bad)) << bad;
  }
}

TEST(NamedAddress, NameAndAddressOrABareAddress) {
  EXPECT_EQ(parse_named_address("QA Team <qa@council.example>"),
            (NamedAddress{"QA Team", "qa@council.example"}));
  EXPECT_EQ(parse_named_address("qa@council.example"), (NamedAddress{"", "qa@council.example"}));
  EXPECT_EQ(parse_named_address("<qa@council.example>"), (NamedAddress{"", "qa@council.example"}));
  EXPECT_EQ(parse_named_address("Quality \"Assurance\" <qa@x.org>"),
            (NamedAddress{"Quality \"Assurance\"", "qa@x.org"}));
  EXPECT_EQ(parse_named_address("Équipe Qualité <qa@x.org>")->name, "Équipe Qualité");
}

TEST(NamedAddress, BadShapesAreRefused) {
  for (const char* bad : {"", "QA <not an@address>", "QA qa@x.org>", "QA <qa@x.org", "qa team",
                          "QA\n<qa@x.org>", "a@b\nBcc: x@y", "QA <>", "QA <a@b> extra"}) {
    EXPECT_EQ(parse_named_address(bad), std::nullopt) << bad;
  }
}

TEST(TimeOfDay, HhMmWithinTheDay) {
  EXPECT_EQ(parse_time_of_day("00:00"), (HourMinute{0, 0}));
  EXPECT_EQ(parse_time_of_day("07:05"), (HourMinute{7, 5}));
  EXPECT_EQ(parse_time_of_day("23:59"), (HourMinute{23, 59}));
  EXPECT_EQ(format_time_of_day({6, 30}), "06:30");
  EXPECT_EQ(format_time_of_day(*parse_time_of_day("18:00")), "18:00");
}

TEST(TimeOfDay, EverythingElseIsRefused) {
  for (const char* bad : {"", "7:00", "07:0", "24:00", "12:60", "7am", "07:00 ", " 07:00", "07-00",
                          "0a:00", "+7:00", "07:000"}) {
    EXPECT_EQ(parse_time_of_day(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace caseaudit
