#include "scheduler/model.h"

#include <array>
#include <utility>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  throw ProgramError("enumeration value without a name");
}

template <typename Enum, std::size_t N>
Enum value_of(const NameTable<Enum, N>& table, std::string_view text, std::string_view field) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  std::string allowed;
  for (const auto& entry : table) {
    allowed += allowed.empty() ? "" : ", ";
    allowed += entry.second;
  }
  throw InputError(std::string(field) + ": \"" + std::string(text) + "\" is not one of " + allowed,
                   std::string(field));
}

template <typename Enum, std::size_t N>
std::vector<Enum> values_of(const NameTable<Enum, N>& table) {
  std::vector<Enum> values;
  for (const auto& entry : table) values.push_back(entry.first);
  return values;
}

constexpr NameTable<Role, 11> kRoles{{
    {Role::kSocialWorker, "social_worker"},
    {Role::kAdvancedPractitioner, "advanced_practitioner"},
    {Role::kPracticeSupervisor, "practice_supervisor"},
    {Role::kTeamManager, "team_manager"},
    {Role::kServiceManager, "service_manager"},
    {Role::kHeadOfService, "head_of_service"},
    {Role::kCourtConsultant, "court_consultant"},
    {Role::kQaOfficer, "qa_officer"},
    {Role::kIroCpChair, "iro_cp_chair"},
    {Role::kDirector, "director"},
    {Role::kOther, "other"},
}};
constexpr NameTable<Cadence, 2> kCadences{
    {{Cadence::kMonthly, "monthly"}, {Cadence::kBimonthly, "bimonthly"}}};
constexpr NameTable<Parity, 2> kParities{{{Parity::kOdd, "odd"}, {Parity::kEven, "even"}}};
constexpr NameTable<ExemptionKind, 5> kExemptionKinds{{
    {ExemptionKind::kMaternityLeave, "maternity_leave"},
    {ExemptionKind::kExtendedLeave, "extended_leave"},
    {ExemptionKind::kModerating, "moderating"},
    {ExemptionKind::kSecondment, "secondment"},
    {ExemptionKind::kSingleMonth, "single_month"},
}};
constexpr NameTable<LegalStatus, 6> kLegalStatuses{{
    {LegalStatus::kChildInNeed, "child_in_need"},
    {LegalStatus::kChildProtection, "child_protection"},
    {LegalStatus::kChildInCare, "child_in_care"},
    {LegalStatus::kCareLeaver, "care_leaver"},
    {LegalStatus::kDisabledChildren, "disabled_children"},
    {LegalStatus::kUnderAssessment, "under_assessment"},
}};
constexpr NameTable<Grade, 4> kGrades{{
    {Grade::kOutstanding, "outstanding"},
    {Grade::kGood, "good"},
    {Grade::kRequiresImprovement, "requires_improvement"},
    {Grade::kInadequate, "inadequate"},
}};
constexpr NameTable<AuditStatus, 4> kAuditStatuses{{
    {AuditStatus::kAllocated, "allocated"},
    {AuditStatus::kSubmitted, "submitted"},
    {AuditStatus::kModerated, "moderated"},
    {AuditStatus::kWithdrawn, "withdrawn"},
}};
constexpr NameTable<AuditOutcome, 5> kAuditOutcomes{{
    {AuditOutcome::kCompletedToStandard, "completed_to_standard"},
    {AuditOutcome::kNotMeetingStandard, "not_meeting_standard"},
    {AuditOutcome::kNilReturn, "nil_return"},
    {AuditOutcome::kLateReturn, "late_return"},
    {AuditOutcome::kExemptedAfterAllocation, "exempted_after_allocation"},
}};
constexpr NameTable<Classification, 3> kClassifications{{
    {Classification::kCategory1, "category_1"},
    {Classification::kCategory2, "category_2"},
    {Classification::kNoConcern, "no_concern"},
}};
constexpr NameTable<Participation, 3> kParticipations{
    {{Participation::kYes, "yes"},
     {Participation::kNo, "no"},
     {Participation::kNotApplicable, "not_applicable"}}};
constexpr NameTable<FamilyFeedback, 3> kFamilyFeedbacks{{{FamilyFeedback::kContacted, "contacted"},
                                                         {FamilyFeedback::kAttempted, "attempted"},
                                                         {FamilyFeedback::kNone, "none"}}};
constexpr NameTable<ImpactAnswer, 3> kImpactAnswers{
    {{ImpactAnswer::kYes, "yes"}, {ImpactAnswer::kPartly, "partly"}, {ImpactAnswer::kNo, "no"}}};
constexpr NameTable<ConcernResolution, 3> kConcernResolutions{
    {{ConcernResolution::kChildSafe, "child_safe"},
     {ConcernResolution::kPlanInPlace, "plan_in_place"},
     {ConcernResolution::kOther, "other"}}};
constexpr NameTable<ActionUpdateDecision, 2> kActionUpdateDecisions{
    {{ActionUpdateDecision::kAccepted, "accepted"}, {ActionUpdateDecision::kDeclined, "declined"}}};
constexpr NameTable<MonthStatus, 3> kMonthStatuses{{{MonthStatus::kPlanned, "planned"},
                                                    {MonthStatus::kAllocated, "allocated"},
                                                    {MonthStatus::kClosed, "closed"}}};
constexpr NameTable<ActionStatus, 2> kActionStatuses{
    {{ActionStatus::kOpen, "open"}, {ActionStatus::kCompleted, "completed"}}};
constexpr NameTable<ConcernStatus, 2> kConcernStatuses{
    {{ConcernStatus::kOpen, "open"}, {ConcernStatus::kResolved, "resolved"}}};
constexpr NameTable<OutboxStatus, 3> kOutboxStatuses{{{OutboxStatus::kPending, "pending"},
                                                      {OutboxStatus::kSent, "sent"},
                                                      {OutboxStatus::kDead, "dead"}}};
constexpr NameTable<ApiRole, 2> kApiRoles{
    {{ApiRole::kCoordinator, "coordinator"}, {ApiRole::kViewer, "viewer"}}};
constexpr NameTable<ConsoleAccess, 3> kConsoleAccesses{
    {{ConsoleAccess::kNone, "none"},
     {ConsoleAccess::kViewer, "viewer"},
     {ConsoleAccess::kCoordinator, "coordinator"}}};

}  // namespace

#define CASEAUDIT_ENUM_NAMES(Enum, table, parser)                          \
  std::string_view to_string(Enum value) { return name_of(table, value); } \
  Enum parser(std::string_view text, std::string_view field) {             \
    return value_of(table, text, field);                                   \
  }                                                                        \
  template <>                                                              \
  const std::vector<Enum>& all_values<Enum>() {                            \
    static const std::vector<Enum> values = values_of(table);              \
    return values;                                                         \
  }

CASEAUDIT_ENUM_NAMES(Role, kRoles, parse_role)
CASEAUDIT_ENUM_NAMES(Cadence, kCadences, parse_cadence)
CASEAUDIT_ENUM_NAMES(Parity, kParities, parse_parity)
CASEAUDIT_ENUM_NAMES(ExemptionKind, kExemptionKinds, parse_exemption_kind)
CASEAUDIT_ENUM_NAMES(LegalStatus, kLegalStatuses, parse_legal_status)
CASEAUDIT_ENUM_NAMES(Grade, kGrades, parse_grade)
CASEAUDIT_ENUM_NAMES(AuditStatus, kAuditStatuses, parse_audit_status)
CASEAUDIT_ENUM_NAMES(AuditOutcome, kAuditOutcomes, parse_audit_outcome)
CASEAUDIT_ENUM_NAMES(Classification, kClassifications, parse_classification)
CASEAUDIT_ENUM_NAMES(Participation, kParticipations, parse_participation)
CASEAUDIT_ENUM_NAMES(FamilyFeedback, kFamilyFeedbacks, parse_family_feedback)
CASEAUDIT_ENUM_NAMES(ImpactAnswer, kImpactAnswers, parse_impact_answer)
CASEAUDIT_ENUM_NAMES(ConcernResolution, kConcernResolutions, parse_concern_resolution)
CASEAUDIT_ENUM_NAMES(MonthStatus, kMonthStatuses, parse_month_status)
CASEAUDIT_ENUM_NAMES(ActionUpdateDecision, kActionUpdateDecisions, parse_action_update_decision)
CASEAUDIT_ENUM_NAMES(ActionStatus, kActionStatuses, parse_action_status)
CASEAUDIT_ENUM_NAMES(ConcernStatus, kConcernStatuses, parse_concern_status)
CASEAUDIT_ENUM_NAMES(OutboxStatus, kOutboxStatuses, parse_outbox_status)
CASEAUDIT_ENUM_NAMES(ApiRole, kApiRoles, parse_api_role)
CASEAUDIT_ENUM_NAMES(ConsoleAccess, kConsoleAccesses, parse_console_access)

#undef CASEAUDIT_ENUM_NAMES

bool is_standing(ExemptionKind kind) { return kind != ExemptionKind::kSingleMonth; }

std::optional<Grade> current_grade(const Audit& audit) {
  if (audit.status == AuditStatus::kModerated && audit.moderated_grade)
    return audit.moderated_grade;
  if (audit.status == AuditStatus::kSubmitted || audit.status == AuditStatus::kModerated) {
    return audit.overall_grade;
  }
  return std::nullopt;
}

bool awaits_classification(const Audit& audit) {
  return !audit.classification && current_grade(audit) == Grade::kInadequate;
}

}  // namespace caseaudit
