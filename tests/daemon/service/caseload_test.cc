// The caseload (daemon/service/caseload.h), called directly.
#include "daemon/service/caseload.h"

#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CaseloadServiceTest : public ServiceTest {
 protected:
  Child new_child(const std::string& reference) {
    return Child{.case_reference = reference,
                 .team_id = org().teams.front().id,
                 .legal_status = LegalStatus::kChildInCare};
  }
};

TEST_P(CaseloadServiceTest, PutCreatesThenUpdatesByCaseReference) {
  const ChildUpserted created = put_child(services(), new_child("CR-900001"), caller());
  EXPECT_TRUE(created.created);
  expect_logged("child", "child.create", std::to_string(created.child.id));
  Child changed = new_child("CR-900001");
  changed.court_proceedings = true;
  const ChildUpserted updated = put_child(services(), changed, caller());
  EXPECT_FALSE(updated.created);
  EXPECT_EQ(updated.child.id, created.child.id);
  EXPECT_EQ(find_child(services(), "CR-900001"), updated.child);
  expect_logged("child", "child.update", std::to_string(created.child.id));
}

TEST_P(CaseloadServiceTest, PutRefusesUnknownReferencesAndABadCaseReference) {
  Child child = new_child("CR-900002");
  child.team_id = 999999;
  expect_refused<NotFound>([&] { put_child(services(), child, caller()); }, "team_id");
  child = new_child("CR-900002");
  child.iro_id = 999999;
  expect_refused<NotFound>([&] { put_child(services(), child, caller()); }, "iro_id");
  expect_refused<InputError>([&] { put_child(services(), new_child("a/b"), caller()); },
                             "case_reference");
}

TEST_P(CaseloadServiceTest, CloseMarksTheChildClosedOnce) {
  const Child open = put_child(services(), new_child("CR-900003"), caller()).child;
  const Child closed = close_child(services(), "CR-900003", caller());
  EXPECT_FALSE(closed.open);
  expect_logged("child", "child.close", std::to_string(open.id));
  const std::string before = fingerprint();
  EXPECT_EQ(close_child(services(), "CR-900003", caller()), closed);
  EXPECT_EQ(fingerprint(), before) << "closing a closed child writes nothing";
  expect_refused<NotFound>([&] { close_child(services(), "CR-NONE", caller()); }, "case_reference");
}

TEST_P(CaseloadServiceTest, AFileWithAChildsNameIsRefusedWhole) {
  const std::string team = org().teams.front().name;
  expect_refused<InputError>(
      [&] {
        import_caseload_csv(services(),
                            "case_reference,team,legal_status,first_name\n"
                            "CR-900004," +
                                team + ",child_in_care,Sam\n",
                            false, caller());
      },
      "first_name");
}

TEST_P(CaseloadServiceTest, ImportMatchesStaffEmailsCaseInsensitively) {
  const Organisation o = org();
  const Staff worker = o.staff.front();
  std::string shouted = worker.email;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string csv = "case_reference,team,legal_status,allocated_worker\nCR-900005," +
                          o.teams.front().name + ",child_in_care," + shouted + "\n";
  const ImportReport report = import_caseload_csv(services(), csv, false, caller());
  ASSERT_EQ(report.rows.size(), 1u);
  ASSERT_EQ(report.rows[0].result, RowResult::kCreated) << report.rows[0].error->what();
  EXPECT_EQ(find_child(services(), "CR-900005").allocated_worker_id, worker.id);
  expect_logged("child", "child.create", std::to_string(*report.rows[0].id));
}

TEST_P(CaseloadServiceTest, AnAtomicImportWithABadRowWritesNothing) {
  const std::string team = org().teams.front().name;
  const std::string before = fingerprint();
  const ImportReport report = import_caseload_csv(services(),
                                                  "case_reference,team,legal_status\n"
                                                  "CR-900006," +
                                                      team +
                                                      ",child_in_care\n"
                                                      "CR-900007,No Such Team,child_in_care\n",
                                                  true, caller());
  EXPECT_FALSE(report.written);
  EXPECT_EQ(report.rows[0].result, RowResult::kCreated);
  EXPECT_FALSE(report.rows[0].id);
  EXPECT_EQ(report.rows[1].error->field(), "team");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseloadServiceTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
