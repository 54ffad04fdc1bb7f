// caseaudit links revoke: withdraw the unused links in emails
// (daemon/service/action_links.h) for one audit or one action, so that
// nobody can act from an email already sent.
#include <fmt/format.h>

#include <charconv>
#include <ostream>

#include "daemon/allocation_policy.h"
#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "daemon/service/action_links.h"

namespace caseaudit::daemon {
namespace {

Id parse_record_id(const std::string& text, std::string_view option) {
  long long id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    throw UsageError(fmt::format("links revoke: {} {} is not an id", option, text),
                     std::string(option.substr(2)));
  }
  return id;
}

}  // namespace

int run_links_revoke(CommandContext& context) {
  CommandArgs& args = context.args();
  const std::optional<std::string> audit = args.take_option("--audit");
  const std::optional<std::string> action = args.take_option("--action");
  const std::optional<std::string> concern = args.take_option("--concern");
  args.expect_no_more();
  if (int(audit.has_value()) + int(action.has_value()) + int(concern.has_value()) != 1) {
    throw UsageError("links revoke: give --audit ID, --action ID or --concern ID (one of them)",
                     "audit");
  }
  std::unique_ptr<db::Database> database = open_database(context.config());
  migrate_database(*database);
  const Caller caller{cli_actor(), SystemClock().now()};
  int revoked = 0;
  std::string what;
  if (audit) {
    const Id id = parse_record_id(*audit, "--audit");
    for (LinkPurpose purpose :
         {LinkPurpose::kRecordAudit, LinkPurpose::kModerateAudit, LinkPurpose::kAnswerImpact}) {
      revoked += revoke_action_links(database->store(), caller, purpose, id);
    }
    what = fmt::format("audit {}", id);
  } else if (concern) {
    const Id id = parse_record_id(*concern, "--concern");
    revoked = revoke_action_links(database->store(), caller, LinkPurpose::kUpdateConcern, id);
    what = fmt::format("concern {}", id);
  } else {
    const Id id = parse_record_id(*action, "--action");
    revoked = revoke_action_links(database->store(), caller, LinkPurpose::kCompleteAction, id);
    what = fmt::format("action {}", id);
  }
  context.out() << fmt::format("{} link{} for {} revoked\n", revoked, revoked == 1 ? "" : "s",
                               what);
  return kExitOk;
}

}  // namespace caseaudit::daemon
