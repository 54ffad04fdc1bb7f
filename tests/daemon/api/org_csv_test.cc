// The RFC 4180 reader behind the staff and caseload imports (daemon/service/csv.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/service/csv.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string field_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const InputError& error) {
    return error.field() + ": " + error.what();
  }
  return "no error";
}

TEST(CsvTest, QuotedFieldsKeepCommasDoubledQuotesAndLineBreaks) {
  auto records = parse_csv("a,\"b, c\",\"say \"\"hi\"\"\"\n\"two\nlines\",,x\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b, c", "say \"hi\""));
  EXPECT_THAT(records[1].fields, ElementsAre("two\nlines", "", "x"));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvTest, CrlfLfABomBlankLinesAndNoFinalNewlineAreAccepted) {
  auto records = parse_csv("\xEF\xBB\xBFh1,h2\r\n1,2\r\n\r\n3,4\n5,\"6\r\n7\"");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(records[0].fields, ElementsAre("h1", "h2"));
  EXPECT_THAT(records[2].fields, ElementsAre("3", "4"));
  EXPECT_EQ(records[2].line, 4);  // the blank line 3 is skipped but counted
  EXPECT_THAT(records[3].fields, ElementsAre("5", "6\r\n7"));
}

TEST(CsvTest, MalformedQuotingIsRefusedNamingTheLine) {
  EXPECT_THAT(field_of([] { parse_csv("a,b\n\"open,c\n"); }), HasSubstr("line 2"));
  EXPECT_THAT(field_of([] { parse_csv("a,b\nx\"y,c\n"); }), HasSubstr("body: "));
  EXPECT_THAT(field_of([] { parse_csv("\"a\"b,c\n"); }), HasSubstr("after a closing quote"));
}

TEST(CsvTest, HeadersAreCaseInsensitiveAndUnknownOrRefusedColumnsAreNamed) {
  const CsvColumns columns{.known = {"email", "name"}, .refused = {"dob"}, .refused_why = "no"};
  CsvTable table = read_csv_table(" Email ,NAME\na@x, Ann \nb@x\n", columns);
  EXPECT_THAT(table.columns, ElementsAre("email", "name"));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].cell("name"), "Ann");
  EXPECT_EQ(table.rows[0].cell("team"), std::nullopt);
  ASSERT_TRUE(table.rows[1].error);
  EXPECT_THAT(*table.rows[1].error, HasSubstr("1 fields"));
  EXPECT_THAT(field_of([&] { read_csv_table("email,colour\n", columns); }),
              HasSubstr("colour: unknown column"));
  EXPECT_THAT(field_of([&] { read_csv_table("email,dob\n", columns); }), HasSubstr("dob: "));
  EXPECT_THAT(field_of([&] { read_csv_table("email,EMAIL\n", columns); }), HasSubstr("twice"));
  EXPECT_THAT(field_of([&] { read_csv_table("", columns); }), HasSubstr("empty"));
}

TEST(CsvTest, BooleanCells) {
  EXPECT_EQ(parse_csv_bool("Yes"), true);
  EXPECT_EQ(parse_csv_bool(" 0 "), false);
  EXPECT_EQ(parse_csv_bool("FALSE"), false);
  EXPECT_EQ(parse_csv_bool("maybe"), std::nullopt);
}

}  // namespace
}  // namespace caseaudit::daemon::api
