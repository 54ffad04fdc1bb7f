// LinkPurpose's names (scheduler/store/action_link_repository.h).
#include <string>

#include "scheduler/errors.h"
#include "scheduler/store/action_link_repository.h"

namespace caseaudit {

std::string_view to_string(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::kRecordAudit:
      return "record_audit";
    case LinkPurpose::kModerateAudit:
      return "moderate_audit";
    case LinkPurpose::kCompleteAction:
      return "complete_action";
    case LinkPurpose::kAnswerImpact:
      return "answer_impact";
    case LinkPurpose::kUpdateConcern:
      return "update_concern";
  }
  return "record_audit";
}

LinkPurpose parse_link_purpose(std::string_view text, std::string_view field) {
  for (LinkPurpose purpose :
       {LinkPurpose::kRecordAudit, LinkPurpose::kModerateAudit, LinkPurpose::kCompleteAction,
        LinkPurpose::kAnswerImpact, LinkPurpose::kUpdateConcern}) {
    if (to_string(purpose) == text) return purpose;
  }
  throw InputError(std::string(field) + ": \"" + std::string(text) +
                       "\" is not one of record_audit, moderate_audit, complete_action, "
                       "answer_impact, update_concern",
                   std::string(field));
}

std::string_view record_type_of(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::kCompleteAction:
      return "action";
    case LinkPurpose::kUpdateConcern:
      return "concern";
    default:
      return "audit";
  }
}

}  // namespace caseaudit
