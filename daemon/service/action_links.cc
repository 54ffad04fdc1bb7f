#include "daemon/service/action_links.h"

#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/action_updates.h"
#include "daemon/service/change_log.h"
#include "daemon/service/sign_in.h"
#include "daemon/service/token_secret.h"
#include "scheduler/calendar.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace json = boost::json;

namespace {

Date plus_days(Date day, int days) {
  return Date{std::chrono::sys_days(day) + std::chrono::days(days)};
}

// The last local day the purpose's record can be acted on (before grace).
Date actionable_until(Transaction& tx, LinkPurpose purpose, Id record_id, Date today) {
  if (purpose == LinkPurpose::kCompleteAction) {
    const std::optional<Action> action = tx.follow_up().find_action(record_id);
    if (!action) throw NotFound(fmt::format("no action {}", record_id), "record_id");
    return std::max(action->due_date, today);
  }
  if (purpose == LinkPurpose::kUpdateConcern) {
    if (!tx.follow_up().find_concern(record_id)) {
      throw NotFound(fmt::format("no concern {}", record_id), "record_id");
    }
    return Month::of(today).next().last_day();
  }
  const std::optional<Audit> audit = tx.allocation().find_audit(record_id);
  if (!audit) throw NotFound(fmt::format("no audit {}", record_id), "record_id");
  if (purpose == LinkPurpose::kRecordAudit) return audit->due_date;
  if (purpose == LinkPurpose::kAnswerImpact) return plus_days(today, kImpactAnswerDays);
  return std::max(audit->month.next().last_day(), today);
}

// Whose the record is now, and whether it still needs the purpose done.
LinkState record_state(const LinkView& view) {
  const Id person = view.link.staff_id;
  switch (view.link.purpose) {
    case LinkPurpose::kRecordAudit:
      if (view.audit->auditor_id != person) return LinkState::kNotYours;
      return view.audit->status == AuditStatus::kAllocated ? LinkState::kOpen : LinkState::kDone;
    case LinkPurpose::kModerateAudit:
      if (view.audit->moderator_id != person) return LinkState::kNotYours;
      if (view.audit->status == AuditStatus::kAllocated) return LinkState::kNotYet;
      return view.audit->status == AuditStatus::kSubmitted ? LinkState::kOpen : LinkState::kDone;
    case LinkPurpose::kCompleteAction:
      if (view.action->owner_id != person) return LinkState::kNotYours;
      return view.action->status == ActionStatus::kOpen ? LinkState::kOpen : LinkState::kDone;
    case LinkPurpose::kAnswerImpact:
      // Whether they may answer (auditor or team manager) the answer's own
      // checks say; a coordinator may have keyed their answer in already.
      return view.impact_response ? LinkState::kDone : LinkState::kOpen;
    case LinkPurpose::kUpdateConcern:
      return view.concern->status == ConcernStatus::kOpen ? LinkState::kOpen : LinkState::kDone;
  }
  return LinkState::kUnknown;
}

// The child (case reference only) and its team's name into `view`.
void load_child(Transaction& tx, Id child_id, LinkView& view) {
  view.child = tx.caseload().find_child(child_id);
  if (view.child) {
    const std::optional<Team> team = tx.organisation().find_team(view.child->team_id);
    if (team) view.team_name = team->name;
  }
}

// A concern's link: the concern, its updates, its child and the audit that
// raised it (if any); false when the concern is gone.
bool load_concern(Transaction& tx, LinkView& view) {
  view.concern = tx.follow_up().find_concern(view.link.record_id);
  if (!view.concern) return false;
  view.concern_updates = tx.follow_up().concern_updates_for(view.concern->id);
  load_child(tx, view.concern->child_id, view);
  if (view.concern->audit_id) view.audit = tx.allocation().find_audit(*view.concern->audit_id);
  return true;
}

// Who the record page offers to own an action: the child's team manager
// (the default owner), the child's allocated worker, the auditor; active, once each.
void load_owner_choices(Transaction& tx, LinkView& view) {
  std::optional<Id> team_manager;
  if (view.child) {
    const std::optional<Team> team = tx.organisation().find_team(view.child->team_id);
    if (team) team_manager = team->team_manager_id;
  }
  for (const std::optional<Id>& id :
       {team_manager, view.child ? view.child->allocated_worker_id : std::nullopt,
        std::optional<Id>(view.audit->auditor_id)}) {
    if (!id) continue;
    const bool listed = std::any_of(view.owner_choices.begin(), view.owner_choices.end(),
                                    [&](const Staff& staff) { return staff.id == *id; });
    if (listed) continue;
    const std::optional<Staff> staff = tx.organisation().find_staff(*id);
    if (staff && staff->active) view.owner_choices.push_back(*staff);
  }
}

// Loads the link's record and context into `view`; false when it is gone.
bool load_record(Transaction& tx, LinkView& view) {
  if (view.link.purpose == LinkPurpose::kUpdateConcern) return load_concern(tx, view);
  Id audit_id = view.link.record_id;
  if (view.link.purpose == LinkPurpose::kCompleteAction) {
    view.action = tx.follow_up().find_action(view.link.record_id);
    if (!view.action) return false;
    view.action_updates = tx.follow_up().action_updates_of(view.action->id);
    audit_id = view.action->audit_id;
  }
  view.audit = tx.allocation().find_audit(audit_id);
  if (!view.audit) return false;
  load_child(tx, view.audit->child_id, view);
  const std::optional<Staff> auditor = tx.organisation().find_staff(view.audit->auditor_id);
  if (auditor) view.auditor_name = auditor->name;
  if (view.link.purpose == LinkPurpose::kAnswerImpact) {
    for (ImpactResponse& response : tx.follow_up().impact_responses_for_audit(audit_id)) {
      if (response.staff_id == view.link.staff_id) view.impact_response = std::move(response);
    }
  }
  if (view.link.purpose == LinkPurpose::kRecordAudit) load_owner_choices(tx, view);
  return true;
}

LinkView view_in(Transaction& tx, std::string_view token, Instant at) {
  LinkView view;
  const std::optional<ActionLink> link =
      tx.action_links().find_action_link(hash_token_secret(token));
  if (!link) return view;
  const std::optional<Staff> person = tx.organisation().find_staff(link->staff_id);
  if (!person || !person->active) return view;
  view.link = *link;
  view.person = *person;
  if (!load_record(tx, view)) return view;
  if (link->revoked_at) {
    view.state = LinkState::kRevoked;
  } else if (link->used_at) {
    view.state = LinkState::kUsed;
    if (link->used_by) view.used_by = tx.organisation().find_staff(*link->used_by);
  } else if ((view.state = record_state(view)) == LinkState::kOpen && at >= link->expires_at) {
    view.state = LinkState::kExpired;
  }
  return view;
}

// Whether doing the operation uses the link up. An action owner's update
// does not: the same email's link still marks the action done later, and
// the update's own rules refuse a repeat (action_updates.h).
enum class LinkUse { kUsesUp, kKeepsOpen };

// Marks the link of `token` used for `purpose` (unless kKeepsOpen) and runs
// `operation` as its person, all in one transaction; refused (nothing
// written) unless open.
template <typename Operation>
LinkOutcome redeem(const ServiceContext& services, std::string_view token, LinkPurpose purpose,
                   Instant at, Operation operation, LinkUse use = LinkUse::kUsesUp) {
  return services.store.transact_result<LinkOutcome>([&](Transaction& tx) {
    LinkOutcome outcome{.view = view_in(tx, token, at)};
    if (outcome.view.state == LinkState::kOpen && outcome.view.link.purpose != purpose) {
      outcome.view.state = LinkState::kUnknown;
    }
    if (outcome.view.state != LinkState::kOpen) return outcome;
    const ActionLink& link = outcome.view.link;
    if (use == LinkUse::kUsesUp &&
        !tx.action_links().mark_action_link_used(link.id, link.staff_id, at)) {
      outcome.view = view_in(tx, token, at);  // a racing post used it first
      return outcome;
    }
    operation(tx, Caller{.actor = person_actor(outcome.view.person), .at = at}, outcome.view);
    outcome.recorded = true;
    return outcome;
  });
}

}  // namespace

std::string action_link_url(std::string_view public_url, std::string_view token) {
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  return fmt::format("{}/act/{}", public_url, token);
}

IssuedLink issue_action_link(Transaction& tx, const date::time_zone* zone,
                             const SelfServicePolicy& policy, Id staff_id, LinkPurpose purpose,
                             Id record_id, Instant at) {
  const Date today = to_local(at, zone).date;
  const Date last = plus_days(actionable_until(tx, purpose, record_id, today), policy.grace_days);
  IssuedLink issued{.token = generate_action_link_secret()};
  issued.link = ActionLink{.secret_hash = hash_token_secret(issued.token),
                           .staff_id = staff_id,
                           .purpose = purpose,
                           .record_id = record_id,
                           .created_at = at,
                           .expires_at = at_local(plus_days(last, 1), 0, 0, zone)};
  issued.link.id = tx.action_links().insert_action_link(issued.link);
  return issued;
}

std::string_view to_string(LinkState state) {
  switch (state) {
    case LinkState::kOpen:
      return "open";
    case LinkState::kRevoked:
      return "revoked";
    case LinkState::kUsed:
      return "used";
    case LinkState::kExpired:
      return "expired";
    case LinkState::kNotYours:
      return "not_yours";
    case LinkState::kNotYet:
      return "not_yet";
    case LinkState::kDone:
      return "done";
    case LinkState::kUnknown:
      break;
  }
  return "unknown";
}

LinkView open_action_link(const ServiceContext& services, std::string_view token, Instant at) {
  return services.store.read_result<LinkView>(
      [&](Transaction& tx) { return view_in(tx, token, at); });
}

LinkOutcome record_audit_by_link(const ServiceContext& services, std::string_view token,
                                 const Submission& submission, Instant at) {
  return redeem(services, token, LinkPurpose::kRecordAudit, at,
                [&](Transaction& tx, const Caller& caller, const LinkView& view) {
                  submit_audit_in(tx, services, caller, view.audit->id, submission);
                });
}

LinkOutcome moderate_audit_by_link(const ServiceContext& services, std::string_view token,
                                   const Moderation& moderation, Instant at) {
  return redeem(services, token, LinkPurpose::kModerateAudit, at,
                [&](Transaction& tx, const Caller& caller, const LinkView& view) {
                  moderate_audit_in(tx, services, caller, view.audit->id, moderation);
                });
}

LinkOutcome complete_action_by_link(const ServiceContext& services, std::string_view token,
                                    std::optional<Date> completed_on, Instant at) {
  return redeem(services, token, LinkPurpose::kCompleteAction, at,
                [&](Transaction& tx, const Caller& caller, const LinkView& view) {
                  complete_action_in(tx, services, caller, view.action->id, completed_on);
                });
}

LinkOutcome update_action_by_link(const ServiceContext& services, std::string_view token,
                                  std::string note, std::optional<Date> proposed_due_date,
                                  Instant at) {
  return redeem(
      services, token, LinkPurpose::kCompleteAction, at,
      [&](Transaction& tx, const Caller& caller, const LinkView& view) {
        post_action_update_in(tx, services, caller,
                              {.action_id = view.action->id,
                               .by_staff_id = view.link.staff_id,
                               .note = std::move(note),
                               .proposed_due_date = proposed_due_date});
      },
      LinkUse::kKeepsOpen);
}

LinkOutcome update_concern_by_link(const ServiceContext& services, std::string_view token,
                                   std::string note, Instant at) {
  return redeem(services, token, LinkPurpose::kUpdateConcern, at,
                [&](Transaction& tx, const Caller& caller, const LinkView& view) {
                  record_concern_update_in(
                      tx, services, caller,
                      ConcernUpdate{.concern_id = view.concern->id,
                                    .month = Month::of(to_local(at, services.zone).date),
                                    .note = std::move(note),
                                    .recorded_by = view.link.staff_id});
                });
}

LinkOutcome resolve_concern_by_link(const ServiceContext& services, std::string_view token,
                                    const Resolution& resolution, Instant at) {
  return redeem(services, token, LinkPurpose::kUpdateConcern, at,
                [&](Transaction& tx, const Caller& caller, const LinkView& view) {
                  resolve_concern_in(tx, services, caller, view.concern->id, resolution);
                });
}

LinkOutcome answer_impact_by_link(const ServiceContext& services, std::string_view token,
                                  NewImpactResponse answer, Instant at) {
  return redeem(services, token, LinkPurpose::kAnswerImpact, at,
                [&](Transaction& tx, const Caller& caller, const LinkView& view) {
                  answer.audit_id = view.audit->id;
                  answer.staff_id = view.link.staff_id;
                  record_impact_response_in(tx, services, caller, answer);
                });
}

namespace {

// The head of service over the concern's child's team, if any.
std::optional<Id> head_of_service_of_concern(Transaction& tx, Id concern_id) {
  const std::optional<Concern> concern = tx.follow_up().find_concern(concern_id);
  if (!concern) return std::nullopt;
  const std::optional<Child> child = tx.caseload().find_child(concern->child_id);
  if (!child) return std::nullopt;
  const std::optional<Team> team = tx.organisation().find_team(child->team_id);
  if (!team) return std::nullopt;
  const std::optional<Service> service = tx.organisation().find_service(team->service_id);
  return service ? service->head_of_service_id : std::nullopt;
}

// Which purpose an email of `rule` to `recipient` links to on `record`.
std::optional<LinkPurpose> purpose_for(Transaction& tx, ReminderRule rule, Id recipient,
                                       Id record_id) {
  switch (rule) {
    case ReminderRule::kAllocationNotice:
    case ReminderRule::kAuditDue:
    case ReminderRule::kAuditSentBack: {
      const std::optional<Audit> audit = tx.allocation().find_audit(record_id);
      if (audit && audit->auditor_id == recipient) return LinkPurpose::kRecordAudit;
      return std::nullopt;
    }
    case ReminderRule::kAuditSubmitted:
    case ReminderRule::kModerationList: {  // one audit given to a moderator after their list
      const std::optional<Audit> audit = tx.allocation().find_audit(record_id);
      if (audit && audit->moderator_id == recipient) return LinkPurpose::kModerateAudit;
      return std::nullopt;
    }
    case ReminderRule::kActionDue:
    case ReminderRule::kActionOverdue: {
      const std::optional<Action> action = tx.follow_up().find_action(record_id);
      if (action && action->owner_id == recipient) return LinkPurpose::kCompleteAction;
      return std::nullopt;
    }
    case ReminderRule::kImpactFollowUp:
      return LinkPurpose::kAnswerImpact;
    case ReminderRule::kConcernRaised:
    case ReminderRule::kConcernUpdate:
      if (head_of_service_of_concern(tx, record_id) == recipient)
        return LinkPurpose::kUpdateConcern;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

notifier::ActionLinkHook email_action_links(const date::time_zone* zone, SelfServicePolicy policy,
                                            std::function<std::string()> public_url) {
  return [zone, policy = std::move(policy), public_url = std::move(public_url)](
             Transaction& tx, const DueItem& item, Instant at, notifier::TemplateValues& values) {
    auto link = [&](LinkPurpose purpose, Id record_id) {
      const IssuedLink issued =
          issue_action_link(tx, zone, policy, item.recipient_id, purpose, record_id, at);
      return action_link_url(public_url(), issued.token);
    };
    if (item.rule == ReminderRule::kModerationList && item.subject_type == "moderator") {
      for (auto& row : values.items) {
        const auto audit_id = row.find("audit_id");
        if (audit_id == row.end()) continue;
        row["act_url"] = link(LinkPurpose::kModerateAudit, std::stoll(audit_id->second));
      }
      return;
    }
    if (auto purpose = purpose_for(tx, item.rule, item.recipient_id, item.subject_id)) {
      values.fields["act_url"] = link(*purpose, item.subject_id);
    }
  };
}

bool revoke_action_link(Store& store, const Caller& caller, Id link_id) {
  return store.transact_result<bool>([&](Transaction& tx) {
    if (!tx.action_links().revoke_action_link(link_id, caller.at)) return false;
    log_change(tx, caller, "action_link.revoke", "action_link", std::to_string(link_id), nullptr,
               json::object{{"revoked", true}});
    return true;
  });
}

int revoke_action_links(Store& store, const Caller& caller, LinkPurpose purpose, Id record_id) {
  return store.transact_result<int>([&](Transaction& tx) {
    const int count = tx.action_links().revoke_action_links_for(purpose, record_id, caller.at);
    if (count > 0) {
      log_change(tx, caller, "action_link.revoke", std::string(record_type_of(purpose)),
                 std::to_string(record_id), nullptr,
                 json::object{{"purpose", to_string(purpose)}, {"revoked", count}});
    }
    return count;
  });
}

}  // namespace caseaudit::daemon
