// The import engine (daemon/service/import.h) with a planner of its own:
// services by name, a row named "bad" refused.
#include "daemon/service/import.h"

#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class ServiceNamePlanner : public ImportPlanner {
 public:
  explicit ServiceNamePlanner(Transaction& tx) : tx_(tx) {}

  RowPlan plan(std::size_t index, const CsvRow& row) override {
    const std::string name = row.cell("name").value_or("");
    if (name == "bad") throw InputError("name: bad is refused", "name");
    names_[index] = name;
    return {.result = RowResult::kCreated};
  }

  Id write(std::size_t index) override { return tx_.organisation().insert_service({.name = names_.at(index)}); }

 private:
  Transaction& tx_;
  std::map<std::size_t, std::string> names_;
};

class ImportEngineTest : public ServiceTest {
 protected:
  ImportReport import(const std::string& csv, bool atomic) {
    const CsvTable table = read_csv_table(csv, CsvColumns{.known = {"name", "other"}});
    return run_import(store(), table, atomic,
                      [](Transaction& tx) { return std::make_unique<ServiceNamePlanner>(tx); });
  }
};

const std::string kCsv = "name,other\nAlpha,1\nbad,2\nGamma\n";

TEST_P(ImportEngineTest, AtomicWritesNothingWhenARowIsBad) {
  const std::string before = fingerprint();
  const ImportReport report = import(kCsv, true);
  EXPECT_TRUE(report.atomic);
  EXPECT_FALSE(report.written);
  ASSERT_EQ(report.rows.size(), 3u);
  EXPECT_EQ(report.rows[0].result, RowResult::kCreated);
  EXPECT_FALSE(report.rows[0].id);
  EXPECT_EQ(report.rows[1].error->field(), "name");
  EXPECT_EQ(report.rows[2].error->field(), "row") << "a short row is rejected by the engine";
  EXPECT_EQ(report.rows[2].line, 4);
  EXPECT_EQ(report.count(RowResult::kRejected), 2);
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ImportEngineTest, OtherwiseWritesTheGoodRowsAndReportsTheirIds) {
  const ImportReport report = import(kCsv, false);
  EXPECT_TRUE(report.written);
  ASSERT_TRUE(report.rows[0].id);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_service(*report.rows[0].id); })->name,
            "Alpha");
  EXPECT_FALSE(report.rows[1].id);
  EXPECT_EQ(report.count(RowResult::kCreated), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportEngineTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
