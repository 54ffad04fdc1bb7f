// caseaudit token create|list|revoke: the only way to manage API tokens (the
// API itself cannot mint them, so a stolen token cannot make more).
#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <ostream>

#include "daemon/allocation_policy.h"
#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "daemon/service/record_json.h"
#include "daemon/service/tokens.h"

namespace caseaudit::daemon {
namespace {

// "90d", "12h", "2w" -> a duration; UsageError naming --expires otherwise.
std::chrono::seconds parse_lifetime(const std::string& text) {
  long long count = 0;
  const char* end = text.data() + text.size();
  auto [unit, error] = std::from_chars(text.data(), end, count);
  if (error != std::errc() || count <= 0 || unit + 1 != end) {
    throw UsageError(
        fmt::format("token create: --expires {}: expected a count and a unit, e.g. 90d, 12h, 2w",
                    text),
        "expires");
  }
  switch (*unit) {
    case 'h':
      return std::chrono::hours(count);
    case 'd':
      return std::chrono::days(count);
    case 'w':
      return std::chrono::weeks(count);
    default:
      throw UsageError(fmt::format("token create: --expires {}: the unit must be h, d or w", text),
                       "expires");
  }
}

Store& open_store(CommandContext& context, std::unique_ptr<db::Database>& database) {
  database = open_database(context.config());
  migrate_database(*database);
  return database->store();
}

}  // namespace

int run_token_create(CommandContext& context) {
  CommandArgs& args = context.args();
  std::optional<std::string> name = args.take_option("--name");
  std::optional<std::string> role_text = args.take_option("--role");
  std::optional<std::string> expires = args.take_option("--expires");
  args.expect_no_more();
  if (!name || name->empty()) throw UsageError("token create: --name NAME is required", "name");
  if (!role_text) throw UsageError("token create: --role coordinator|viewer is required", "role");
  TokenRequest request{.name = *name, .role = parse_api_role(*role_text, "--role")};
  if (expires) request.lifetime = parse_lifetime(*expires);
  std::unique_ptr<db::Database> database;
  const TokenCreated created = create_token(open_store(context, database), request,
                                            Caller{cli_actor(), SystemClock().now()});
  const ApiToken& token = created.token;
  context.out() << created.secret << "\n";
  context.out() << fmt::format(
      "# token {} ({}{}): shown once; only its hash is stored. Send it as "
      "\"Authorization: Bearer <token>\".\n",
      token.name, to_string(token.role),
      token.expires_at ? ", expires " + format_instant_utc(*token.expires_at) : "");
  return kExitOk;
}

int run_token_list(CommandContext& context) {
  CommandArgs& args = context.args();
  bool as_json = args.take_flag("--json");
  args.expect_no_more();
  std::unique_ptr<db::Database> database;
  auto tokens =
      open_store(context, database).transact_result<std::vector<ApiToken>>([](Transaction& tx) {
        return tx.tokens().all();
      });
  if (as_json) {
    context.out() << boost::json::serialize(to_json_array(tokens)) << "\n";
    return kExitOk;
  }
  const Instant now = SystemClock().now();
  context.out() << fmt::format("{:<24} {:<12} {:<21} {:<21} {}\n", "NAME", "ROLE", "CREATED",
                               "EXPIRES", "STATE");
  for (const ApiToken& token : tokens) {
    std::string_view state = token.revoked_at      ? "revoked"
                             : token.valid_at(now) ? "valid"
                                                   : "expired";
    context.out() << fmt::format("{:<24} {:<12} {:<21} {:<21} {}\n", token.name,
                                 to_string(token.role), format_instant_utc(token.created_at),
                                 token.expires_at ? format_instant_utc(*token.expires_at) : "never",
                                 state);
  }
  return kExitOk;
}

int run_token_revoke(CommandContext& context) {
  CommandArgs& args = context.args();
  std::optional<std::string> name = args.take_option("--name");
  args.expect_no_more();
  if (!name) throw UsageError("token revoke: --name NAME is required", "name");
  std::unique_ptr<db::Database> database;
  revoke_token(open_store(context, database), *name, Caller{cli_actor(), SystemClock().now()});
  context.out() << fmt::format("token {} revoked\n", *name);
  return kExitOk;
}

}  // namespace caseaudit::daemon
