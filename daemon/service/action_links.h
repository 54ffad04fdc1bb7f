// Links in emails to act on one item without signing in ("self-service").
//
// A link is bound to one person, one record and one purpose (scheduler/
// store/action_link_repository.h): the auditor records an audit, the
// moderator moderates it, an action's owner marks it done. Its token is
// "act_" and 256 random bits (token_secret.h); only its SHA-256 is stored,
// and the token is never logged (daemon/redact.h strips it from log lines).
//
// issue_action_link: in the caller's transaction (the email that carries
// the link commits with it). It expires at the end of the local day the
// item stops being actionable plus `grace_days`: an audit's due date (to
// record it), the end of the month after the audit's month (to moderate
// it), the later of the action's due date and today (to complete it),
// kImpactAnswerDays after today (to answer the impact follow-up), the end
// of next month (a concern's update: each month's email brings a new link).
//
// open_action_link: reads only (a mail scanner's GET must use nothing up):
// the link's state and the record it names, for the page.
//
// *_by_link: the page's POST. One transaction marks the link used (at most
// once, even when two posts race) and runs the same operation as the API
// (submit_audit_in, moderate_audit_in, complete_action_in) as the person,
// so its change-log row names "person:<email>"; a refused operation throws
// its RuleViolation / Conflict naming the field and nothing is written (the
// link stays usable). A link that is not open is refused with its state and
// nothing is written.
//
// revoke_action_link(s): a coordinator's; logged "action_link.revoke".
#pragma once

#include <date/tz.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/service/actions.h"
#include "daemon/service/audits.h"
#include "daemon/service/caller.h"
#include "daemon/service/concerns.h"
#include "daemon/service/context.h"
#include "daemon/service/impact.h"
#include "notifier/due_runner.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

// How long an impact follow-up's link stays open (before grace): the email
// asks for a reply within a few working days; late answers still count.
inline constexpr int kImpactAnswerDays = 28;

// [self_service] in the config.
struct SelfServicePolicy {
  int grace_days = 14;
  // The authority's audit domains, in the order the record page lists them.
  std::vector<std::string> domains;
};

// The page of a token: "{public_url}/act/{token}" (trailing slashes of
// public_url dropped).
std::string action_link_url(std::string_view public_url, std::string_view token);

struct IssuedLink {
  ActionLink link;    // as stored
  std::string token;  // shown once (in the email), never stored
};

// Stores a new link for `staff_id` to do `purpose` on `record_id` as of
// `at`. NotFound naming "record_id" when the record does not exist.
IssuedLink issue_action_link(Transaction& tx, const date::time_zone* zone,
                             const SelfServicePolicy& policy, Id staff_id, LinkPurpose purpose,
                             Id record_id, Instant at);

enum class LinkState {
  kOpen,      // may be used now
  kUnknown,   // no such link (or its person is no longer active)
  kRevoked,   // a coordinator revoked it
  kUsed,      // used: used_at and used_by say when and by whom
  kExpired,   // past expires_at
  kNotYours,  // the record is now someone else's (reassigned)
  kNotYet,    // to moderate: the auditor has not submitted it yet
  kDone,      // the record no longer needs it (submitted, moderated, completed elsewhere)
};
std::string_view to_string(LinkState state);  // "open", "unknown", ...

// A link and what its page shows. Every field but `state` is set only when
// the link is known.
struct LinkView {
  LinkState state = LinkState::kUnknown;
  ActionLink link;
  Staff person;                              // whom it is for
  std::optional<Staff> used_by;              // kUsed: who used it
  std::optional<Audit> audit;                // the audit (or the action's audit)
  std::optional<Action> action;              // kCompleteAction
  std::vector<ActionUpdate> action_updates;  // kCompleteAction: the action's updates, by id
  std::optional<Child> child;                // the audit's child (case reference only)
  std::string team_name;                     // the child's team
  std::string auditor_name;                  // the audit's auditor
  // kAnswerImpact: the person's answer, once given (through any door).
  std::optional<ImpactResponse> impact_response;
  // kUpdateConcern: the concern (the audit is the one that raised it, if
  // any) and its monthly updates, by month.
  std::optional<Concern> concern;
  std::vector<ConcernUpdate> concern_updates;
  // kRecordAudit: who may own the actions the return raises, the default
  // owner (the child's team manager) first when there is one.
  std::vector<Staff> owner_choices;
};

LinkView open_action_link(const ServiceContext& services, std::string_view token, Instant at);

// What a POST did: `recorded` when the operation ran now; otherwise `view`
// says why not (its state is then not kOpen).
struct LinkOutcome {
  bool recorded = false;
  LinkView view;  // as of before the operation
};

// The action's owner posts an update instead of marking it done: a note and
// optionally a proposed due date (post_action_update_in's rules,
// action_updates.h), as them. The link stays open: the owner may post a
// later update, or mark the action done, from the same email.
LinkOutcome update_action_by_link(const ServiceContext& services, std::string_view token,
                                  std::string note, std::optional<Date> proposed_due_date,
                                  Instant at);
LinkOutcome record_audit_by_link(const ServiceContext& services, std::string_view token,
                                 const Submission& submission, Instant at);
LinkOutcome moderate_audit_by_link(const ServiceContext& services, std::string_view token,
                                   const Moderation& moderation, Instant at);
LinkOutcome complete_action_by_link(const ServiceContext& services, std::string_view token,
                                    std::optional<Date> completed_on, Instant at);
// The head of service's monthly update on the link's concern, for the
// month of `at` (record_concern_update_in, recorded_by the link's person);
// or its resolution (resolve_concern_in).
LinkOutcome update_concern_by_link(const ServiceContext& services, std::string_view token,
                                   std::string note, Instant at);
LinkOutcome resolve_concern_by_link(const ServiceContext& services, std::string_view token,
                                    const Resolution& resolution, Instant at);
// `answer` for the link's person and audit (its audit_id and staff_id are
// the link's): record_impact_response_in.
LinkOutcome answer_impact_by_link(const ServiceContext& services, std::string_view token,
                                  NewImpactResponse answer, Instant at);

// The reminder emails' links (notifier::DueRunOptions::action_links), each
// issued for the email's recipient: record for an auditor's allocation
// notice and due reminders; moderate for each row of a moderator's list and
// for the submitted notice to the audit's moderator; complete for an
// action's reminder and ladder emails to its owner; answer for the impact
// follow-up to the auditor and the team manager; update (or resolve) for
// a concern's raised and update-due emails to its head of service. Other emails and
// recipients get none. `public_url` is asked at each email (the bound port
// is known only after start-up).
notifier::ActionLinkHook email_action_links(const date::time_zone* zone, SelfServicePolicy policy,
                                            std::function<std::string()> public_url);

// Revokes one link; false when it does not exist or was revoked already.
bool revoke_action_link(Store& store, const Caller& caller, Id link_id);
// Revokes every unused link for `purpose` on `record_id`; how many.
int revoke_action_links(Store& store, const Caller& caller, LinkPurpose purpose, Id record_id);

}  // namespace caseaudit::daemon
