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
  }
  return "record_audit";
}

LinkPurpose parse_link_purpose(std::string_view text, std::string_view field) {
  for (LinkPurpose purpose :
       {LinkPurpose::kRecordAudit, LinkPurpose::kModerateAudit, LinkPurpose::kCompleteAction}) {
    if (to_string(purpose) == text) return purpose;
  }
  throw InputError(std::string(field) + ": \"" + std::string(text) +
                       "\" is not one of record_audit, moderate_audit, complete_action",
                   std::string(field));
}

std::string_view record_type_of(LinkPurpose purpose) {
  return purpose == LinkPurpose::kCompleteAction ? "action" : "audit";
}

}  // namespace caseaudit
