// ?format=csv on every list route the console shows, served for real on
// SQLite and PostgreSQL: a spreadsheet download (text/csv, UTF-8 BOM, CRLF,
// an attachment with a filename) holding the same rows as the JSON with the
// same filters, names included, and formulas escaped.
#include <map>

#include "daemon/service/csv.h"
#include "tests/daemon/api/cycle_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::StartsWith;

class CycleExportTest : public CycleTest {
 protected:
  void SetUp() override {
    CycleTest::SetUp();
    commit_january();
  }

  // The CSV at `path` (with ?format=csv added), checked as a download named
  // `filename`; its records, header first.
  std::vector<CsvRecord> download(const std::string& path, const std::string& filename) {
    const std::string url = path + (path.find('?') == std::string::npos ? "?" : "&") + "format=csv";
    auto result = get_as(viewer(), url);
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, 200) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(result->get_header_value("Content-Disposition"),
              "attachment; filename=\"" + filename + "\"");
    EXPECT_THAT(result->body, StartsWith("\xEF\xBB\xBF"));
    EXPECT_NE(result->body.find("\r\n"), std::string::npos);
    return parse_csv(result->body);
  }

  json::array json_rows(const std::string& path, const std::string& key) {
    return viewer_json(path).at(key).as_array();
  }

  // The same rows in the CSV as in the JSON, by `column` (the row's id).
  void expect_same_rows(const std::string& path, const std::string& key,
                        const std::string& filename, const std::string& column = "id") {
    const json::array rows = json_rows(path, key);
    const std::vector<CsvRecord> records = download(path, filename);
    ASSERT_EQ(records.size(), rows.size() + (rows.empty() ? 0 : 1)) << path;
    if (rows.empty()) return;
    const auto& header = records[0].fields;
    const auto at = std::find(header.begin(), header.end(), column);
    ASSERT_NE(at, header.end()) << path;
    const std::size_t index = static_cast<std::size_t>(at - header.begin());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(records[i + 1].fields.at(index), json::serialize(rows[i].at(column))) << path;
    }
  }

  static std::size_t column(const CsvRecord& header, const std::string& name) {
    const auto at = std::find(header.fields.begin(), header.fields.end(), name);
    EXPECT_NE(at, header.fields.end()) << name;
    return static_cast<std::size_t>(at - header.fields.begin());
  }
};

TEST_P(CycleExportTest, TheMonthsAuditsDownloadWithNamesAndTheSameFilters) {
  const std::vector<CsvRecord> all =
      download("/v1/months/2027-01/audits", "caseaudit-audits-2027-01.csv");
  const json::array rows = json_rows("/v1/months/2027-01/audits", "audits");
  ASSERT_EQ(all.size(), rows.size() + 1);
  const CsvRecord& header = all[0];
  for (const std::string name : {"auditor_name", "case_reference", "team_name", "legal_status",
                                 "moderator_name", "status", "due_date"}) {
    const std::size_t index = column(header, name);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const json::value& value = rows[i].at(name);
      EXPECT_EQ(all[i + 1].fields.at(index), value.is_null() ? "" : std::string(value.as_string()));
    }
  }
  const Id team = rows[0].at("team_id").as_int64();
  const std::string filtered =
      "/v1/months/2027-01/audits?status=allocated&team_id=" + std::to_string(team);
  expect_same_rows(filtered, "audits", "caseaudit-audits-2027-01.csv");
}

TEST_P(CycleExportTest, EveryListTheConsoleShowsDownloads) {
  const std::string today = "2027-01-11";
  expect_same_rows("/v1/staff", "staff", "caseaudit-staff-" + today + ".csv");
  expect_same_rows("/v1/staff?active=true", "staff", "caseaudit-staff-" + today + ".csv");
  expect_same_rows("/v1/teams", "teams", "caseaudit-teams-" + today + ".csv");
  expect_same_rows("/v1/services", "services", "caseaudit-services-" + today + ".csv");
  expect_same_rows("/v1/exemptions?month=2027-01", "exemptions",
                   "caseaudit-exemptions-2027-01.csv");
  expect_same_rows("/v1/exemptions", "exemptions", "caseaudit-exemptions-" + today + ".csv");
  expect_same_rows("/v1/pairings?period=2027-01", "pairings", "caseaudit-pairings-2026-08.csv");
  expect_same_rows("/v1/concerns?status=open", "concerns", "caseaudit-concerns-" + today + ".csv");
  expect_same_rows("/v1/notifications", "notifications",
                   "caseaudit-notifications-" + today + ".csv");
  expect_same_rows("/v1/notifications/dead-letters", "notifications",
                   "caseaudit-dead-letters-" + today + ".csv");
  expect_same_rows("/v1/changes?limit=50", "changes", "caseaudit-changes-" + today + ".csv");
  const Audit audit = audits_in(kJanuary).front();
  ASSERT_EQ(post("/v1/audits/" + std::to_string(audit.id) + "/actions",
                 R"({"description": "Update the plan", "due_date": "2027-02-26"})")
                ->status,
            201);
  expect_same_rows("/v1/audits/" + std::to_string(audit.id) + "/actions", "actions",
                   "caseaudit-actions-audit-" + std::to_string(audit.id) + ".csv");
}

TEST_P(CycleExportTest, NestedFieldsFlattenAndFormulasAreEscaped) {
  const std::string formula = "=HYPERLINK(\"http://evil.example\",\"open\")";
  auto created =
      post("/v1/staff", json::serialize(json::object{{"name", formula},
                                                     {"email", "formula@council.example"},
                                                     {"role", "advanced_practitioner"}}));
  ASSERT_EQ(created->status, 201) << created->body;
  const std::vector<CsvRecord> records = download("/v1/staff", "caseaudit-staff-2027-01-11.csv");
  ASSERT_FALSE(records.empty());
  const std::size_t name = column(records[0], "name");
  const std::size_t cadence = column(records[0], "audit_rota.cadence");
  bool found = false;
  for (std::size_t i = 1; i < records.size(); ++i) {
    EXPECT_FALSE(records[i].fields.at(cadence).empty());
    if (records[i].fields.at(name) == "'" + formula) found = true;
    EXPECT_NE(records[i].fields.at(name), formula);
  }
  EXPECT_TRUE(found);
}

TEST_P(CycleExportTest, AnUnknownFormatIs400NamingIt) {
  expect_error(get("/v1/staff?format=xlsx"), 400, "bad_request", "format");
  auto json_answer = get("/v1/staff?format=json");
  ASSERT_EQ(json_answer->status, 200);
  EXPECT_EQ(json_answer->get_header_value("Content-Type"), "application/json");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleExportTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
