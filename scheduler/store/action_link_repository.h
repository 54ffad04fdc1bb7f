// ActionLinkRepository: the links in emails that let a person act on one
// item without signing in (Transaction::action_links(); daemon/service/
// action_links.h). Each link is bound to one person, one record and one
// purpose; only the SHA-256 of its token is stored (daemon/service/
// token_secret.h), never the token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

// What a link lets its person do, and so which record it names: an audit
// (record, moderate, answer its impact follow-up), an action (complete) or a
// case of concern (the head of service's monthly update, or resolve it).
enum class LinkPurpose {
  kRecordAudit,
  kModerateAudit,
  kCompleteAction,
  kAnswerImpact,
  kUpdateConcern
};

// "record_audit", "moderate_audit", "complete_action", "answer_impact",
// "update_concern" (stored and logged).
std::string_view to_string(LinkPurpose purpose);
// InputError naming `field` for any other text.
LinkPurpose parse_link_purpose(std::string_view text, std::string_view field = "purpose");
// "audit", "action" or "concern": the kind of record the purpose acts on.
std::string_view record_type_of(LinkPurpose purpose);

struct ActionLink {
  Id id = 0;
  std::string secret_hash;  // lowercase hex SHA-256 of the link's token
  Id staff_id = 0;          // the one person it is for
  LinkPurpose purpose = LinkPurpose::kRecordAudit;
  Id record_id = 0;  // the audit, action or concern (record_type_of(purpose))
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> used_at;  // set once, by the POST that acted
  std::optional<Id> used_by;
  std::optional<Instant> revoked_at;
  friend bool operator==(const ActionLink&, const ActionLink&) = default;
};

class ActionLinkRepository {
 public:
  virtual ~ActionLinkRepository() = default;

  // Returns the new id. InputError when the staff member does not exist.
  virtual Id insert_action_link(const ActionLink& link) = 0;
  virtual std::optional<ActionLink> find_action_link(const std::string& secret_hash) = 0;
  virtual std::optional<ActionLink> find_action_link(Id id) = 0;
  // Sets used_at and used_by unless used_at is set; false (changing
  // nothing) when it was, so two posts racing each other act once.
  virtual bool mark_action_link_used(Id id, Id used_by, Instant at) = 0;
  // Sets revoked_at unless set; false when there is no such link or it was
  // already revoked.
  virtual bool revoke_action_link(Id id, Instant at) = 0;
  // Revokes every unrevoked, unused link for the purpose's record; how many.
  virtual int revoke_action_links_for(LinkPurpose purpose, Id record_id, Instant at) = 0;
};

}  // namespace caseaudit
