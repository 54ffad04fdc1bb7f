// Exemptions (daemon/service/exemptions.h), called directly: the rules, and
// the late exemption's withdrawal in the same transaction.
#include "daemon/service/exemptions.h"

#include <algorithm>

#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

const Month kFebruary(2027, 2);

class ExemptionServiceTest : public ServiceTest {
 protected:
  // An auditor with no exemption at all.
  Id unexempt_auditor() {
    const Organisation o = org();
    for (const Staff& staff : o.staff) {
      const bool exempt = std::any_of(o.exemptions.begin(), o.exemptions.end(),
                                      [&](const Exemption& e) { return e.staff_id == staff.id; });
      if (staff.auditor && staff.active && !exempt) return staff.id;
    }
    ADD_FAILURE() << "every auditor is exempt";
    return 0;
  }

  Exemption single_month(Id staff_id, Id authoriser) {
    return Exemption{.staff_id = staff_id,
                     .kind = ExemptionKind::kSingleMonth,
                     .first_month = kFebruary,
                     .reason = "bereavement",
                     .authorised_by = authoriser};
  }
};

TEST_P(ExemptionServiceTest, ASingleMonthExemptionIsAuthorisedByADirector) {
  const Id person = unexempt_auditor();
  expect_refused<RuleViolation>(
      [&] {
        create_exemption(services(), single_month(person, staff_with(Role::kTeamManager).id),
                         caller());
      },
      "authorised_by");
  Exemption no_authoriser = single_month(person, 0);
  no_authoriser.authorised_by.reset();
  expect_refused<InputError>([&] { create_exemption(services(), no_authoriser, caller()); },
                             "authorised_by");
  Exemption two_months = single_month(person, staff_with(Role::kDirector).id);
  two_months.last_month = Month(2027, 3);
  expect_refused<RuleViolation>([&] { create_exemption(services(), two_months, caller()); },
                                "last_month");
}

TEST_P(ExemptionServiceTest, ExemptionsOfOnePersonNeverOverlap) {
  const Id person = unexempt_auditor();
  const ExemptionCreated created =
      create_exemption(services(), single_month(person, staff_with(Role::kDirector).id), caller());
  EXPECT_EQ(created.exemption.last_month, kFebruary);
  expect_logged("exemption", "exemption.create", std::to_string(created.exemption.id));
  const Exemption standing{.staff_id = person,
                           .kind = ExemptionKind::kExtendedLeave,
                           .first_month = Month(2027, 1),
                           .reason = "leave"};
  expect_refused<Conflict>([&] { create_exemption(services(), standing, caller()); },
                           "first_month");
}

TEST_P(ExemptionServiceTest, ALateExemptionWithdrawsTheAllocatedAuditAsTheCaller) {
  const Audit target = commit_in_process(kFebruary).front();
  const ExemptionCreated created = create_exemption(
      services(), single_month(target.auditor_id, staff_with(Role::kDirector).id), caller());
  ASSERT_EQ(created.withdrawn.size(), 1u);
  EXPECT_EQ(created.withdrawn[0].withdrawn.id, target.id);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.allocation().find_audit(target.id); })->status,
            AuditStatus::kWithdrawn);
  expect_logged("audit", "audit.withdraw", std::to_string(target.id));
  expect_logged("exemption", "exemption.create", std::to_string(created.exemption.id));
}

TEST_P(ExemptionServiceTest, DeletingLogsTheExemption) {
  const Id person = unexempt_auditor();
  const Id id =
      create_exemption(services(), single_month(person, staff_with(Role::kDirector).id), caller())
          .exemption.id;
  const Exemption deleted = delete_exemption(services(), id, caller());
  EXPECT_EQ(deleted.id, id);
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.organisation().find_exemption(id); }));
  expect_logged("exemption", "exemption.delete", std::to_string(id));
  expect_refused<NotFound>([&] { delete_exemption(services(), id, caller()); }, "id");
}

INSTANTIATE_TEST_SUITE_P(Backends, ExemptionServiceTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
