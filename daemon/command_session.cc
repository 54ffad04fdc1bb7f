// caseaudit session list|revoke and caseaudit staff access: the
// administrator's view of people's sign-in sessions, and setting a person's
// console access level (coordinator, viewer or none).
#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <ostream>

#include "daemon/allocation_policy.h"
#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "daemon/service/record_json.h"
#include "daemon/service/sessions.h"

namespace caseaudit::daemon {
namespace {

Store& open_store(CommandContext& context, std::unique_ptr<db::Database>& database) {
  database = open_database(context.config());
  migrate_database(*database);
  return database->store();
}

std::string_view state_of(const PersonSession& session, Instant now, std::chrono::seconds idle) {
  if (session.revoked_at) return "revoked";
  if (now >= session.expires_at) return "expired";
  if (now >= session.last_seen_at + idle) return "idle";
  return "valid";
}

}  // namespace

int run_session_list(CommandContext& context) {
  CommandArgs& args = context.args();
  const bool as_json = args.take_flag("--json");
  args.expect_no_more();
  const std::chrono::seconds idle =
      std::chrono::minutes(context.config().sign_in.session_idle_minutes);
  std::unique_ptr<db::Database> database;
  const std::vector<SessionListing> sessions = list_sessions(open_store(context, database));
  const Instant now = SystemClock().now();
  if (as_json) {
    boost::json::array rows;
    for (const SessionListing& listing : sessions) {
      const PersonSession& s = listing.session;
      rows.push_back(boost::json::object{{"id", s.id},
                                         {"staff_id", s.staff_id},
                                         {"name", listing.name},
                                         {"email", listing.email},
                                         {"created_at", format_instant_utc(s.created_at)},
                                         {"last_seen_at", format_instant_utc(s.last_seen_at)},
                                         {"expires_at", format_instant_utc(s.expires_at)},
                                         {"state", state_of(s, now, idle)}});
    }
    context.out() << boost::json::serialize(rows) << "\n";
    return kExitOk;
  }
  context.out() << fmt::format("{:<6} {:<32} {:<21} {:<21} {}\n", "ID", "EMAIL", "CREATED",
                               "LAST SEEN", "STATE");
  for (const SessionListing& listing : sessions) {
    const PersonSession& s = listing.session;
    context.out() << fmt::format("{:<6} {:<32} {:<21} {:<21} {}\n", s.id, listing.email,
                                 format_instant_utc(s.created_at),
                                 format_instant_utc(s.last_seen_at), state_of(s, now, idle));
  }
  return kExitOk;
}

int run_session_revoke(CommandContext& context) {
  CommandArgs& args = context.args();
  const std::optional<std::string> email = args.take_option("--email");
  const std::optional<std::string> id_text = args.take_positional();
  args.expect_no_more();
  if (email.has_value() == id_text.has_value()) {
    throw UsageError("session revoke: give a session ID or --email EMAIL (one of them)", "id");
  }
  std::unique_ptr<db::Database> database;
  Store& store = open_store(context, database);
  const Caller caller{cli_actor(), SystemClock().now()};
  if (email) {
    const int revoked = revoke_sessions_of(store, *email, caller);
    context.out() << fmt::format("{} session{} of {} revoked\n", revoked, revoked == 1 ? "" : "s",
                                 *email);
    return kExitOk;
  }
  long long id = 0;
  auto [end, error] = std::from_chars(id_text->data(), id_text->data() + id_text->size(), id);
  if (error != std::errc() || end != id_text->data() + id_text->size() || id <= 0) {
    throw UsageError(
        fmt::format("session revoke: {} is not a session id (see session list)", *id_text), "id");
  }
  revoke_session(store, id, caller);
  context.out() << fmt::format("session {} revoked\n", id);
  return kExitOk;
}

int run_staff_access(CommandContext& context) {
  CommandArgs& args = context.args();
  const std::optional<std::string> email = args.take_positional();
  const std::optional<std::string> level = args.take_positional();
  args.expect_no_more();
  if (!email || !level) {
    throw UsageError("staff access: EMAIL and coordinator|viewer|none are required", "email");
  }
  const ConsoleAccess value = parse_console_access(*level, "access");
  std::unique_ptr<db::Database> database;
  const Staff person = set_console_access(open_store(context, database), *email, value,
                                          Caller{cli_actor(), SystemClock().now()});
  context.out() << fmt::format("{} <{}>: console access {}\n", person.name, person.email,
                               to_string(value));
  return kExitOk;
}

}  // namespace caseaudit::daemon
