// Frozen month figures (schema version 9) on every backend: what is frozen
// reads back field for field, once a month (a second freeze is a Conflict
// and changes nothing), by period, and figures of an unknown layout version
// are refused rather than misread; and the reports' partial load of the
// authority counts the same figures as the whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/month_figures_codec.h"
#include "scheduler/demo/demo.h"
#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Instant kClosedAt = std::chrono::sys_days{std::chrono::year{2027} / 2 / 1};

class MonthFiguresStore : public StoreContract {
 protected:
  // Figures counted from the demo authority's last history month, so every
  // field has something in it.
  static MonthFigures figures_of(Month month) {
    DemoOptions options = demo_size_s(1);
    options.current = Month(2027, 1);
    const Authority demo = generate_demo_authority(options);
    return count_month_figures(demo, month, Policy{}, month.last_day());
  }

  void add_runs() {
    in_tx([](Transaction& tx) {
      for (int m = 10; m <= 12; ++m) {
        tx.allocation().insert_run(
            {.month = Month{2026, m}, .status = MonthStatus::kClosed, .seed = 1});
      }
    });
  }
};

TEST_P(MonthFiguresStore, WhatIsFrozenReadsBackFieldForField) {
  add_runs();
  const MonthFigures december = figures_of(Month(2026, 12));
  ASSERT_GT(december.returned, 0);
  ASSERT_FALSE(december.domains.empty());
  ASSERT_GT(december.participation.returns, 0);
  ASSERT_FALSE(december.by_team.empty());
  in_tx([&](Transaction& tx) { tx.figures().freeze_figures(december, kClosedAt); });
  const auto read = in_tx([](Transaction& tx) {
    return tx.figures().frozen_figures(Month(2026, 10), Month(2026, 12));
  });
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(format_month_figures(read.at(Month(2026, 12))), format_month_figures(december));
  EXPECT_EQ(read.at(Month(2026, 12)).returned_audits, december.returned_audits);
  EXPECT_TRUE(in_tx([](Transaction& tx) {
                return tx.figures().frozen_figures(Month(2027, 1), Month(2027, 3));
              }).empty());
}

TEST_P(MonthFiguresStore, AMonthIsFrozenOnce) {
  add_runs();
  const MonthFigures november = figures_of(Month(2026, 11));
  in_tx([&](Transaction& tx) { tx.figures().freeze_figures(november, kClosedAt); });
  MonthFigures changed = november;
  ++changed.returned;
  EXPECT_THROW(in_tx([&](Transaction& tx) { tx.figures().freeze_figures(changed, kClosedAt); }),
               Conflict);
  const auto read = in_tx([](Transaction& tx) {
    return tx.figures().frozen_figures(Month(2026, 11), Month(2026, 11));
  });
  EXPECT_EQ(read.at(Month(2026, 11)).returned, november.returned);
}

TEST_P(MonthFiguresStore, FiguresOfAnUnknownLayoutAreRefused) {
  add_runs();
  database_->execute_raw(
      "INSERT INTO month_figures (month, schema_version, figures, frozen_at) VALUES "
      "('2026-10', 99, '{}', '2027-02-01T00:00:00Z')");
  try {
    in_tx([](Transaction& tx) {
      return tx.figures().frozen_figures(Month(2026, 10), Month(2026, 12));
    });
    FAIL() << "no error";
  } catch (const RuntimeFailure& error) {
    EXPECT_THAT(error.what(), HasSubstr("2026-10"));
    EXPECT_THAT(error.what(), HasSubstr("version 99"));
  }
}

// load_report_authority() reads only the months asked for, yet every month
// figure counted from it equals the whole load's.
TEST_P(MonthFiguresStore, TheReportLoadCountsAsTheWholeAuthority) {
  DemoOptions options = demo_size_s(3);
  options.current = Month(2027, 1);
  in_tx([&](Transaction& tx) { import_authority(tx, generate_demo_authority(options)); });
  const Period months{Month(2026, 7), Month(2026, 12)};
  const Authority whole = in_tx([](Transaction& tx) { return tx.load_authority(); });
  const Authority part =
      in_tx([&](Transaction& tx) { return tx.load_report_authority(audit_months_for(months)); });

  ASSERT_FALSE(part.audits.empty());
  EXPECT_LT(part.audits.size(), whole.audits.size());
  EXPECT_LT(part.children.size(), whole.children.size());
  EXPECT_LT(part.actions.size(), whole.actions.size());
  for (const Audit& audit : part.audits)
    EXPECT_TRUE(audit_months_for(months).contains(audit.month));
  EXPECT_EQ(part.concerns, whole.concerns);
  EXPECT_EQ(part.staff, whole.staff);
  EXPECT_EQ(part.exemptions, whole.exemptions);

  const Date today = Month(2027, 1).first_day();
  const Policy policy;
  const ReportFigures from_part(part, policy, today, months);
  const ReportFigures from_whole(whole, policy, today, months);
  for (Month m = months.from; m <= months.to; m = m.next()) {
    SCOPED_TRACE(m.to_string());
    ASSERT_GT(from_whole.month(m).returned, 0);
    ASSERT_GT(from_whole.month(m).previous_month_actions.total, 0);
    EXPECT_EQ(format_month_figures(from_part.month(m)), format_month_figures(from_whole.month(m)));
  }
  // A month it was not made for is a bug, not a figure counted from too little.
  EXPECT_THROW(from_part.month(months.from.prev()), ProgramError);
}

INSTANTIATE_TEST_SUITE_P(Backends, MonthFiguresStore, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
