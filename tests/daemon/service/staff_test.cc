// Staff and the staff list import (daemon/service/staff.h), called directly.
#include "daemon/service/staff.h"

#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class StaffServiceTest : public ServiceTest {
 protected:
  // A new person with no line manager.
  Staff person(const std::string& email) {
    return create_staff(services(), {.name = email, .email = email, .role = Role::kOther},
                        caller());
  }
  Staff stored(Id id) {
    return *in_tx([&](Transaction& tx) { return tx.organisation().find_staff(id); });
  }
};

TEST_P(StaffServiceTest, CreatesStaffAndLogsItWithTheCaller) {
  const Staff staff = create_staff(
      services(), {.name = "New Person", .email = "new.person@example.org", .role = Role::kOther},
      caller());
  EXPECT_EQ(stored(staff.id), staff);
  expect_logged("staff", "staff.create", std::to_string(staff.id));
}

TEST_P(StaffServiceTest, CreateNeedsNameEmailAndRole) {
  expect_refused<InputError>(
      [&] { create_staff(services(), {.name = "A", .email = "a@x.org"}, caller()); }, "role");
  expect_refused<InputError>(
      [&] {
        create_staff(services(), {.name = "A", .email = "no-at-sign", .role = Role::kOther},
                     caller());
      },
      "email");
}

TEST_P(StaffServiceTest, AnEmailBelongsToOnePersonWhateverItsCase) {
  const Staff first = org().staff.front();
  std::string shouted = first.email;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  expect_refused<Conflict>(
      [&] {
        create_staff(services(), {.name = "Dup", .email = shouted, .role = Role::kOther}, caller());
      },
      "email");
}

TEST_P(StaffServiceTest, ALineManagementChainMustNotLoop) {
  const Staff a = person("a@example.org"), b = person("b@example.org");
  expect_refused<RuleViolation>(
      [&] { update_staff(services(), a.id, {.line_manager_id = a.id}, caller()); },
      "line_manager_id");
  update_staff(services(), a.id, {.line_manager_id = b.id}, caller());
  expect_refused<RuleViolation>(
      [&] { update_staff(services(), b.id, {.line_manager_id = a.id}, caller()); },
      "line_manager_id");
}

TEST_P(StaffServiceTest, ARotaChangeSetsOnlyTheKeysGiven) {
  Staff person = org().staff.front();
  const Parity other = person.audit_rota.parity == Parity::kOdd ? Parity::kEven : Parity::kOdd;
  const Staff after =
      update_staff(services(), person.id, {.audit_rota = {.parity = other}}, caller());
  person.audit_rota.parity = other;
  EXPECT_EQ(after, person);
  EXPECT_EQ(stored(person.id), person);
  expect_logged("staff", "staff.update", std::to_string(person.id));
}

TEST_P(StaffServiceTest, RefusesBadValuesAndUnknownReferences) {
  const Id id = org().staff.front().id;
  expect_refused<InputError>([&] { update_staff(services(), id, {.fte = 1.5}, caller()); }, "fte");
  expect_refused<InputError>(
      [&] { update_staff(services(), id, {.moderator_capacity = -1}, caller()); },
      "moderator_capacity");
  expect_refused<NotFound>([&] { update_staff(services(), id, {.team_id = 999999}, caller()); },
                           "team_id");
  expect_refused<NotFound>([&] { update_staff(services(), 999999, {.fte = 1}, caller()); }, "id");
}

TEST_P(StaffServiceTest, ImportCreatesAndUpdatesMatchingEmailsCaseInsensitively) {
  const Staff existing = org().staff.front();
  std::string shouted = existing.email;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string csv = "email,name,role,fte,line_manager\n" + shouted +
                          ",,,0.5,\n"
                          "boss@example.org,Boss,other,,\n"
                          "report@example.org,Report,other,,BOSS@example.org\n";
  const ImportReport report = import_staff_csv(services(), csv, false, caller());
  ASSERT_TRUE(report.written);
  ASSERT_EQ(report.rows.size(), 3u);
  EXPECT_EQ(report.rows[0].result, RowResult::kUpdated);
  EXPECT_EQ(report.rows[0].id, existing.id);
  EXPECT_EQ(report.rows[1].result, RowResult::kCreated);
  EXPECT_EQ(report.rows[2].result, RowResult::kCreated);
  EXPECT_DOUBLE_EQ(stored(existing.id).fte, 0.5);
  EXPECT_EQ(stored(*report.rows[2].id).line_manager_id, report.rows[1].id);
  expect_logged("staff", "staff.create", std::to_string(*report.rows[2].id));
}

TEST_P(StaffServiceTest, AnImportedLineManagementLoopIsTheSameRule) {
  const Staff a = person("a@example.org"), b = person("b@example.org");
  update_staff(services(), a.id, {.line_manager_id = b.id}, caller());
  const std::string before = fingerprint();
  const std::string csv = "email,line_manager\n" + b.email + "," + a.email + "\n";
  const ImportReport report = import_staff_csv(services(), csv, true, caller());
  EXPECT_FALSE(report.written);
  ASSERT_EQ(report.rows.size(), 1u);
  EXPECT_EQ(report.rows[0].result, RowResult::kRejected);
  ASSERT_TRUE(report.rows[0].error);
  EXPECT_EQ(report.rows[0].error->field(), "line_manager");
  EXPECT_THAT(report.rows[0].error->what(), ::testing::HasSubstr("own line manager"));
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(StaffServiceTest, AnImportWithoutAnEmailColumnIsRefusedWhole) {
  expect_refused<InputError>(
      [&] { import_staff_csv(services(), "name,role\nA,other\n", false, caller()); }, "email");
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffServiceTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
