// The CSV writer of the exports (daemon/service/csv_writer.h): BOM, CRLF,
// quoting, and the formula-injection escape; read back by the imports' own
// reader (daemon/service/csv.h), it gives the cells as written.
#include "daemon/service/csv_writer.h"

#include <gtest/gtest.h>

#include "daemon/service/csv.h"

namespace caseaudit::daemon {
namespace {

TEST(CsvWriter, StartsWithTheBomAndEndsEveryRecordWithCrlf) {
  const std::string csv = write_csv({.header = {"name", "team"}, .rows = {{"Kim Lee", "A1"}}});
  EXPECT_EQ(csv, "\xEF\xBB\xBFname,team\r\nKim Lee,A1\r\n");
}

TEST(CsvWriter, QuotesCommasQuotesLineBreaksAndEdgeSpaces) {
  EXPECT_EQ(csv_cell("O'Brien, Pat"), "\"O'Brien, Pat\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(csv_cell(" padded"), "\" padded\"");
  EXPECT_EQ(csv_cell("Zoë Brontë"), "Zoë Brontë");
  EXPECT_EQ(csv_cell(""), "");
}

TEST(CsvWriter, EscapesEveryFormulaStartWithASingleQuote) {
  for (const std::string start : {"=", "+", "-", "@", "\t", "\r", "\x01", "\x7F"}) {
    const std::string cell = csv_cell(start + "cmd|' /C calc'!A0");
    ASSERT_FALSE(cell.empty());
    const std::size_t quote = cell.front() == '"' ? 1 : 0;
    EXPECT_EQ(cell[quote], '\'') << cell;
    EXPECT_EQ(cell.substr(quote + 1, start.size()), start) << cell;
  }
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\",\"a\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"");
  EXPECT_EQ(csv_cell("a=b"), "a=b");  // only the first character counts
}

TEST(CsvWriter, ShortRowsArePaddedAndTheReaderGetsTheCellsBack) {
  const CsvSheet table{.header = {"a", "b", "c"},
                       .rows = {{"1, one", "say \"x\""}, {"=2", "", "line\nbreak"}}};
  const std::vector<CsvRecord> records = parse_csv(write_csv(table));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, table.header);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1, one", "say \"x\"", ""}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"'=2", "", "line\nbreak"}));
}

}  // namespace
}  // namespace caseaudit::daemon
