// TokenRepository: the HTTP admin API's bearer tokens (Transaction::tokens()).
// Only a hash of a secret is stored; the secret is shown once, at creation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

struct ApiToken {
  Id id = 0;
  std::string name;  // unique; the "who" of the change log
  ApiRole role = ApiRole::kViewer;
  std::string secret_hash;  // lowercase hex SHA-256 of the secret
  Instant created_at;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
  // Usable at `now`: not revoked, not expired.
  bool valid_at(Instant now) const { return !revoked_at && (!expires_at || now < *expires_at); }
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;

  // Conflict when the name is taken (also by a revoked token, so the change
  // log's names stay unambiguous).
  virtual Id insert(const ApiToken& token) = 0;
  virtual std::optional<ApiToken> find_by_hash(const std::string& secret_hash) = 0;
  virtual std::vector<ApiToken> all() = 0;  // by name, revoked included
  // Sets revoked_at; false when no token has that name or it was already revoked.
  virtual bool revoke(const std::string& name, Instant at) = 0;
};

}  // namespace caseaudit
