// SociTransaction as TokenRepository: the admin API's bearer tokens.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

Id SociTransaction::insert(const ApiToken& t) {
  return guarded("insert_api_token", [&] {
    long long id = 0;
    // Checked first so that the caller learns which name clashes; the UNIQUE
    // constraint still stops a concurrent insert of the same name.
    session_ << sql::kSelectApiTokenIdByName, use(t.name), into(id);
    if (session_.got_data()) {
      throw Conflict("an API token named \"" + t.name + "\" already exists", "api_token.name");
    }
    const std::string role(to_string(t.role)), created = format_instant(t.created_at);
    NullableText expires, revoked;
    if (t.expires_at) expires.set(format_instant(*t.expires_at));
    if (t.revoked_at) revoked.set(format_instant(*t.revoked_at));
    session_ << sql::kInsertApiToken, use(t.name), use(role), use(t.secret_hash), use(created),
        use_nullable(expires), use_nullable(revoked), into(id);
    return Id{id};
  });
}

std::optional<ApiToken> SociTransaction::find_by_hash(const std::string& secret_hash) {
  return guarded("find_api_token_by_hash", [&] {
    return read_one<ApiToken>(statements_, sql::kSelectApiTokenByHash, read_api_token, secret_hash);
  });
}

std::vector<ApiToken> SociTransaction::all() {
  return guarded("api_tokens", [&] {
    return read_all<ApiToken>(statements_, sql::kSelectApiTokens, read_api_token);
  });
}

bool SociTransaction::revoke(const std::string& name, Instant at) {
  return guarded("revoke_api_token", [&] {
    const std::string at_text = format_instant(at);
    long long id = 0;
    session_ << sql::kRevokeApiToken, use(at_text), use(name), into(id);
    return session_.got_data();
  });
}

}  // namespace caseaudit::db
