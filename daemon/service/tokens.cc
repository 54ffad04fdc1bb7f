#include "daemon/service/tokens.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "daemon/service/token_secret.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {

TokenCreated create_token(Store& store, const TokenRequest& request, const Caller& caller) {
  if (request.name.empty()) throw InputError("name: must not be empty", "name");
  TokenCreated created{.secret = generate_token_secret()};
  created.token = ApiToken{.name = request.name,
                           .role = request.role,
                           .secret_hash = hash_token_secret(created.secret),
                           .created_at = caller.at};
  if (request.lifetime) created.token.expires_at = caller.at + *request.lifetime;
  store.transact([&](Transaction& tx) {
    created.token.id = tx.tokens().insert(created.token);
    log_change(tx, caller, "token.create", "api_token", created.token.name, nullptr,
               to_json(created.token));
  });
  return created;
}

void revoke_token(Store& store, const std::string& name, const Caller& caller) {
  store.transact([&](Transaction& tx) {
    if (!tx.tokens().revoke(name, caller.at)) {
      throw NotFound(fmt::format("no valid token named {}", name), "name");
    }
    log_change(tx, caller, "token.revoke", "api_token", name, nullptr, nullptr);
  });
}

}  // namespace caseaudit::daemon
