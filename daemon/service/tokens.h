// API tokens: minting and revoking them. The API itself cannot mint tokens
// (so a stolen token cannot make more): only the `caseaudit token` command
// calls these.
//
// They need only the store, not the whole ServiceContext, so that the token
// commands work with a configuration whose calendar or policies the daemon
// would refuse. Each runs in one transaction with its change-log row (actor
// and time from `caller`).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "daemon/service/caller.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct TokenRequest {
  std::string name;  // unique among tokens, non-empty
  ApiRole role = ApiRole::kViewer;
  std::optional<std::chrono::seconds> lifetime;  // nullopt: never expires
};

struct TokenCreated {
  ApiToken token;      // as stored: created at caller.at, only the secret's hash
  std::string secret;  // shown once, never stored (token_secret.h)
};

// Stores a new token with a fresh secret ("token.create"). InputError "name"
// for an empty name; the store's Conflict for a name already taken.
TokenCreated create_token(Store& store, const TokenRequest& request, const Caller& caller);

// Revokes the valid token `name` at caller.at ("token.revoke"). NotFound
// "name" when no valid token has that name; then nothing is written.
void revoke_token(Store& store, const std::string& name, const Caller& caller);

}  // namespace caseaudit::daemon
