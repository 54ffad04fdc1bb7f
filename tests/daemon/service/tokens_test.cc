// API tokens (daemon/service/tokens.h), called directly.
#include "daemon/service/tokens.h"

#include "daemon/service/token_secret.h"
#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using TokenServiceTest = ServiceTest;

TEST_P(TokenServiceTest, CreateStoresOnlyTheHashAndLogsIt) {
  const TokenCreated created = create_token(
      store(), {.name = "ops", .role = ApiRole::kCoordinator, .lifetime = std::chrono::days(90)},
      caller());
  EXPECT_EQ(created.token.secret_hash, hash_token_secret(created.secret));
  EXPECT_EQ(created.token.expires_at, clock_.now() + std::chrono::days(90));
  auto stored =
      in_tx([&](Transaction& tx) { return tx.tokens().find_by_hash(created.token.secret_hash); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "ops");
  expect_logged("api_token", "token.create", "ops");
  EXPECT_EQ(changes_of("api_token")[0].after_json.find(created.secret), std::string::npos);
}

TEST_P(TokenServiceTest, RevokeNeedsAValidTokenOfThatName) {
  expect_refused<NotFound>([&] { revoke_token(store(), "nobody", caller()); }, "name");
  expect_refused<InputError>([&] { create_token(store(), {.name = ""}, caller()); }, "name");
  create_token(store(), {.name = "ops"}, caller());
  revoke_token(store(), "ops", caller());
  expect_logged("api_token", "token.revoke", "ops");
  expect_refused<NotFound>([&] { revoke_token(store(), "ops", caller()); }, "name");
}

INSTANTIATE_TEST_SUITE_P(Backends, TokenServiceTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
