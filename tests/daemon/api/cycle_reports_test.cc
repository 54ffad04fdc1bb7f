// /v1/reports/snapshot and /v1/reports/quarter on SQLite and PostgreSQL: the
// figures served are the domain's (scheduler/reporting, unit-tested against
// the reference reports) over the stored authority, a return recorded
// through the API moves them, every table exports as CSV, and refused
// requests name the field and change nothing.
#include <algorithm>

#include "scheduler/reporting/performance_snapshot.h"
#include "scheduler/reporting/quarter_report.h"
#include "tests/daemon/api/cycle_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleReportsTest : public CycleTest {
 protected:
  json::object get_json(const std::string& path) { return viewer_json(path).as_object(); }

  Authority stored_authority() {
    return in_tx([](Transaction& tx) { return tx.load_authority(); });
  }

  const ReportTargets& targets() { return wiring_->services().report_targets; }
};

TEST_P(CycleReportsTest, SnapshotServesTheDomainsFiguresOfTheStoredAuthority) {
  const Month december{2026, 12};
  const json::object body = get_json("/v1/reports/snapshot?month=2026-12");
  EXPECT_EQ(body.at("month").as_string(), "2026-12");
  EXPECT_EQ(body.at("quarter").as_string(), "2026-Q3");  // October to December
  EXPECT_EQ(body.at("as_of").as_string(), "2026-12-31");
  const PerformanceSnapshot expected =
      performance_snapshot(stored_authority(), december, wiring_->allocation().policy(), targets(),
                           Date(std::chrono::year(2027) / 1 / 11));
  const json::array& measures = body.at("tables").at("measures").as_array();
  ASSERT_EQ(measures.size(), expected.measures.size());
  for (std::size_t i = 0; i < measures.size(); ++i) {
    const SnapshotMeasure& m = expected.measures[i];
    EXPECT_EQ(measures[i].at("key").as_string(), m.key);
    EXPECT_EQ(measures[i].at("numerator").as_int64(), m.numerator) << m.key;
    EXPECT_EQ(measures[i].at("direction_of_travel").as_string(), m.direction_of_travel);
    EXPECT_EQ(measures[i].at("rag_words").as_string(), m.rag      ? in_words(*m.rag)
                                                       : m.target ? "No figure"
                                                                  : "No target");
  }
  const auto good = std::find_if(measures.begin(), measures.end(), [](const json::value& m) {
    return m.at("key") == "good_or_better";
  });
  ASSERT_NE(good, measures.end());
  EXPECT_GT(good->at("denominator").as_int64(), 0);  // the demo's history has grades
  EXPECT_DOUBLE_EQ(good->at("target").as_double(), 0.5);
}

TEST_P(CycleReportsTest, AReturnRecordedThroughTheApiMovesTheQuarter) {
  const auto january = [&] {
    const json::object body = get_json("/v1/reports/quarter?quarter=2026-Q4");
    return body.at("tables").at("grades_by_month").as_array().at(0).as_object();
  };
  const json::object before = january();
  EXPECT_EQ(before.at("month").as_string(), "2027-01");
  commit_january();
  const Audit first = audits_in(kJanuary).front();
  ASSERT_EQ(post("/v1/audits/" + std::to_string(first.id) + "/submission",
                 R"({"overall_grade": "inadequate", "domain_grades": {"Quality of plans": "good",
                     "Quality of assessment": "inadequate"}, )" +
                     kReturnAnswers + "}")
                ->status,
            200);
  const json::object after = january();
  EXPECT_EQ(after.at("total").as_int64(), before.at("total").as_int64() + 1);
  EXPECT_EQ(after.at("inadequate").as_int64(), before.at("inadequate").as_int64() + 1);
  EXPECT_EQ(after.at("good").as_int64(), before.at("good").as_int64());
}

TEST_P(CycleReportsTest, AClosedMonthsFiguresHoldStillAndLateReturnsShowBesideThem) {
  commit_january();
  const std::vector<Audit> audits = audits_in(kJanuary);
  ASSERT_GE(audits.size(), 2u);
  const auto submit = [&](const Audit& audit) {
    return post("/v1/audits/" + std::to_string(audit.id) + "/submission",
                R"({"overall_grade": "inadequate", "domain_grades": {"Quality of plans": "good",
                    "Quality of assessment": "inadequate"}, )" +
                    kReturnAnswers + "}")
        ->status;
  };
  ASSERT_EQ(submit(audits[0]), 200);
  const auto read = [&] {
    return std::pair(get_json("/v1/reports/quarter?quarter=2026-Q4"),
                     get_json("/v1/reports/snapshot?month=2027-01"));
  };
  const auto [quarter_open, snapshot_open] = read();  // counted from the audits
  wiring_->allocation().close_month(kJanuary, "test:coordinator", clock_.now());
  const auto [quarter, snapshot] = read();
  const json::object january = quarter.at("tables").at("grades_by_month").at(0).as_object();
  EXPECT_EQ(january.at("month").as_string(), "2027-01");
  EXPECT_TRUE(january.at("frozen").as_bool());
  // Frozen, the figures are those counted from the audits the moment before.
  json::object january_open = quarter_open.at("tables").at("grades_by_month").at(0).as_object();
  EXPECT_FALSE(january_open.at("frozen").as_bool());
  january_open["frozen"] = true;
  EXPECT_EQ(january_open, january);
  for (const char* table : {"domains", "participation", "moderation", "by_team"}) {
    SCOPED_TRACE(table);
    EXPECT_EQ(quarter_open.at("tables").at(table), quarter.at("tables").at(table));
  }
  EXPECT_EQ(january.at("late_returns").as_int64(), 0);
  EXPECT_EQ(january.at("total").as_int64(), 1);
  EXPECT_TRUE(quarter.at("late_returns_note").is_null());
  EXPECT_TRUE(snapshot.at("frozen").as_bool());

  ASSERT_EQ(submit(audits[1]), 200);  // a late return: after the close
  EXPECT_EQ(audit(audits[1].id).outcome, AuditOutcome::kLateReturn);
  const auto [quarter_after, snapshot_after] = read();
  json::object january_after = quarter_after.at("tables").at("grades_by_month").at(0).as_object();
  EXPECT_EQ(january_after.at("late_returns").as_int64(), 1);
  january_after["late_returns"] = 0;
  EXPECT_EQ(january_after, january);  // every figure as frozen
  EXPECT_EQ(quarter_after.at("tables").at("domains"), quarter.at("tables").at("domains"));
  EXPECT_EQ(quarter_after.at("tables").at("participation"),
            quarter.at("tables").at("participation"));
  EXPECT_EQ(quarter_after.at("late_returns").as_int64(), 1);
  EXPECT_EQ(quarter_after.at("late_returns_note").as_string(),
            "1 late return since their months closed, not in these figures");

  EXPECT_EQ(snapshot_after.at("late_returns").as_int64(), 1);
  EXPECT_EQ(snapshot_after.at("late_returns_note").as_string(),
            "1 late return since the month closed, not in these figures");
  const json::array& measures = snapshot.at("tables").at("measures").as_array();
  const json::array& measures_after = snapshot_after.at("tables").at("measures").as_array();
  ASSERT_EQ(measures_after.size(), measures.size());
  for (std::size_t i = 0; i < measures.size(); ++i) {
    SCOPED_TRACE(measures[i].at("key").as_string());
    EXPECT_EQ(measures_after[i].at("numerator"), measures[i].at("numerator"));
    EXPECT_EQ(measures_after[i].at("denominator"), measures[i].at("denominator"));
    EXPECT_EQ(measures_after[i].at("late_returns").as_int64(), 1);
  }
  auto csv = get("/v1/reports/quarter?quarter=2026-Q4&format=csv&table=grades_by_month");
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_THAT(csv->body, HasSubstr("late_returns"));
}

TEST_P(CycleReportsTest, QuarterTablesAddUpAndMatchTheDomain) {
  const json::object body = get_json("/v1/reports/quarter?from=2026-10&to=2026-12");
  EXPECT_EQ(body.at("quarter").as_string(), "2026-Q3");  // from/to that are a quarter say so
  EXPECT_EQ(body.at("quarter_words").as_string(), "Q3 26/27");
  const QuarterReport expected = quarter_report(
      stored_authority(), {Month(2026, 10), Month(2026, 12)}, wiring_->services().audit_domains);
  const json::object& tables = body.at("tables").as_object();
  std::int64_t total = 0;
  for (const json::value& row : tables.at("grades_by_month").as_array()) {
    total += row.at("total").as_int64();
  }
  EXPECT_EQ(total, expected.totals.graded);
  EXPECT_GT(total, 0);
  EXPECT_EQ(body.at("total").as_int64(), total);
  const json::array& sentences = body.at("sentences").as_array();
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[0].as_string(), expected.share_sentences[0]);
  std::int64_t by_team = 0;
  for (const json::value& row : tables.at("by_team").as_array())
    by_team += row.at("graded").as_int64();
  EXPECT_EQ(by_team, total);
  EXPECT_EQ(tables.at("moderation").as_array().at(0).at("moderated").as_int64(),
            expected.moderation.moderated);
  EXPECT_EQ(tables.at("trend").as_array().size(), 12u);
  EXPECT_EQ(tables.at("domains").as_array().size(), expected.domains.size() * 4);
  EXPECT_TRUE(get_json("/v1/reports/quarter?from=2026-11&to=2026-12").at("quarter").is_null());
}

TEST_P(CycleReportsTest, EveryTableExportsAsCsv) {
  const json::object body = get_json("/v1/reports/quarter?quarter=2026-Q3");
  for (const auto& [name, rows] : body.at("tables").as_object()) {
    auto result = get_as(
        viewer(), "/v1/reports/quarter?quarter=2026-Q3&format=csv&table=" + std::string(name));
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << name << ": " << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(result->get_header_value("Content-Disposition"),
              "attachment; filename=\"caseaudit-quarter-" + std::string(name) + "-2026-Q3.csv\"");
    const auto lines = std::count(result->body.begin(), result->body.end(), '\n');
    EXPECT_EQ(lines, static_cast<long>(rows.as_array().size()) + 1) << name;  // and the header
  }
  auto snapshot = get("/v1/reports/snapshot?month=2026-12&format=csv&table=measures");
  ASSERT_EQ(snapshot->status, 200) << snapshot->body;
  EXPECT_THAT(snapshot->body, HasSubstr("key,domain,label,period,unit"));
  EXPECT_THAT(snapshot->body, HasSubstr("direction_of_travel"));
}

TEST_P(CycleReportsTest, RefusedRequestsNameTheFieldAndChangeNothing) {
  const std::string before = fingerprint();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"/v1/reports/snapshot", "month"},
      {"/v1/reports/snapshot?month=2026-13", "month"},
      {"/v1/reports/snapshot?month=2026-12&format=xml", "format"},
      {"/v1/reports/snapshot?month=2026-12&format=csv", "table"},
      {"/v1/reports/snapshot?month=2026-12&format=csv&table=nope", "table"},
      {"/v1/reports/snapshot?month=2026-12&table=measures", "table"},
      {"/v1/reports/quarter", "quarter"},
      {"/v1/reports/quarter?quarter=2026-Q5", "quarter"},
      {"/v1/reports/quarter?quarter=2026-Q1&from=2026-04", "quarter"},
      {"/v1/reports/quarter?from=2026-04", "to"},
      {"/v1/reports/quarter?from=2026-04&to=2026-03", "to"},
      {"/v1/reports/quarter?from=2024-01&to=2026-01", "to"},
      {"/v1/reports/quarter?from=2026-4&to=2026-06", "from"},
      {"/v1/reports/quarter?quarter=2026-Q1&format=csv&table=measures", "table"},
  };
  for (const auto& [path, field] : bad) {
    SCOPED_TRACE(path);
    expect_error(get(path), 400, "bad_request", field);
  }
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleReportsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
