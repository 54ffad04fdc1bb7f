// Services and teams (daemon/service/organisation.h), called directly.
#include "daemon/service/organisation.h"

#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using OrganisationServiceTest = ServiceTest;

TEST_P(OrganisationServiceTest, CreatesAServiceWithItsManagersAndLogsIt) {
  const Staff manager = staff_with(Role::kServiceManager);
  const Service service = create_service(
      services(), {.name = "  Fostering  ", .service_manager_id = manager.id}, caller());
  EXPECT_EQ(service.name, "Fostering");
  EXPECT_EQ(service.service_manager_id, manager.id);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_service(service.id); }), service);
  expect_logged("service", "service.create", std::to_string(service.id));
}

TEST_P(OrganisationServiceTest, RefusesAnInactiveManager) {
  Staff inactive = staff_with(Role::kServiceManager);
  inactive.active = false;
  in_tx([&](Transaction& tx) {
    tx.organisation().update_staff(inactive);
    return 0;
  });
  const Service existing = org().services.front();
  expect_refused<RuleViolation>(
      [&] { update_service(services(), existing.id, {.director_id = inactive.id}, caller()); },
      "director_id");
}

TEST_P(OrganisationServiceTest, RefusesANameAlreadyTakenAndAMissingName) {
  const Organisation o = org();
  expect_refused<Conflict>(
      [&] { create_service(services(), {.name = o.services[1].name}, caller()); }, "name");
  expect_refused<InputError>([&] { create_service(services(), {}, caller()); }, "name");
  expect_refused<Conflict>(
      [&] { update_team(services(), o.teams[0].id, {.name = o.teams[1].name}, caller()); }, "name");
}

TEST_P(OrganisationServiceTest, UpdatingWithNoChangeWritesNothing) {
  const Service existing = org().services.front();
  const std::string before = fingerprint();
  EXPECT_EQ(update_service(services(), existing.id, {.name = existing.name}, caller()), existing);
  EXPECT_EQ(fingerprint(), before);
  expect_refused<NotFound>([&] { update_service(services(), 999999, {.name = "X"}, caller()); },
                           "id");
}

TEST_P(OrganisationServiceTest, CreatesATeamInAnExistingServiceOnly) {
  const Service service = org().services.front();
  expect_refused<InputError>([&] { create_team(services(), {.name = "T"}, caller()); },
                             "service_id");
  expect_refused<NotFound>(
      [&] { create_team(services(), {.name = "T", .service_id = 999999}, caller()); },
      "service_id");
  const Team team = create_team(services(), {.name = "T", .service_id = service.id}, caller());
  EXPECT_EQ(team.service_id, service.id);
  expect_logged("team", "team.create", std::to_string(team.id));

  const Staff manager = staff_with(Role::kTeamManager);
  const Team changed = update_team(services(), team.id, {.team_manager_id = manager.id}, caller());
  EXPECT_EQ(changed.team_manager_id, manager.id);
  expect_logged("team", "team.update", std::to_string(team.id));
}

INSTANTIATE_TEST_SUITE_P(Backends, OrganisationServiceTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
