// The domain model of caseaudit: plain value types, no behaviour beyond
// conversion of enumerations to and from their stored/wire names.
//
// Children are held by case reference only: there is deliberately no field for
// a child's name, address or story (see docs/ and ../shared/DOMAIN.md).
//
// Ids are assigned by the store (0 = not yet stored). Months and dates are
// value types from month.h. All types are thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/month.h"

namespace caseaudit {

using Id = std::int64_t;

// ---- Enumerations ------------------------------------------------------------
// Each has to_string() giving its stored name (snake_case, used in SQL CHECKs,
// JSON and config) and parse_<enum>() that throws InputError naming `field`.

enum class Role {
  kSocialWorker,
  kAdvancedPractitioner,
  kPracticeSupervisor,
  kTeamManager,
  kServiceManager,
  kHeadOfService,
  kCourtConsultant,
  kQaOfficer,
  kIroCpChair,
  kDirector,
  kOther,
};

enum class Cadence { kMonthly, kBimonthly };
enum class Parity { kOdd, kEven };  // which months a bi-monthly person works

enum class ExemptionKind {
  kMaternityLeave,  // standing
  kExtendedLeave,   // standing
  kModerating,      // standing: moderating this month instead of auditing
  kSecondment,      // standing: seconded to improvement work
  kSingleMonth,     // anything else; needs a director's authorisation
};

enum class LegalStatus {
  kChildInNeed,
  kChildProtection,
  kChildInCare,
  kCareLeaver,
  kDisabledChildren,
  kUnderAssessment,
};

enum class Grade { kOutstanding, kGood, kRequiresImprovement, kInadequate };

enum class AuditStatus { kAllocated, kSubmitted, kModerated, kWithdrawn };

enum class AuditOutcome {
  kCompletedToStandard,
  kNotMeetingStandard,  // sent back
  kNilReturn,
  kLateReturn,
  kExemptedAfterAllocation,
};

// How the moderator and head of service classified an Inadequate audit:
// the child as a category 1 or 2 case of concern, or no concern (with why).
enum class Classification { kCategory1, kCategory2, kNoConcern };

// An answer to one of an audit return's participation questions (was the
// child seen or spoken to, were the family, worker, team manager and IRO
// consulted).
enum class Participation { kYes, kNo, kNotApplicable };
// What the return says of the family's feedback on the audit.
enum class FamilyFeedback { kContacted, kAttempted, kNone };
// The impact follow-up's question: did the audit make a difference for the child?
enum class ImpactAnswer { kYes, kPartly, kNo };
// Why a case of concern was resolved: the child is safe, a plan is in place
// that meets their needs, or another reason (given in words).
enum class ConcernResolution { kChildSafe, kPlanInPlace, kOther };

enum class MonthStatus { kPlanned, kAllocated, kClosed };
enum class ActionStatus { kOpen, kCompleted };
enum class ConcernStatus { kOpen, kResolved };
enum class OutboxStatus { kPending, kSent, kDead };
enum class ApiRole { kCoordinator, kViewer };  // coordinator: read and write; viewer: read
// A person's console access (scheduler/store/sign_in_repository.h): none signs
// in to their own items only; viewer reads everything; coordinator as the token.
enum class ConsoleAccess { kNone, kViewer, kCoordinator };

std::string_view to_string(Role);
std::string_view to_string(Cadence);
std::string_view to_string(Parity);
std::string_view to_string(ExemptionKind);
std::string_view to_string(LegalStatus);
std::string_view to_string(Grade);
std::string_view to_string(AuditStatus);
std::string_view to_string(AuditOutcome);
std::string_view to_string(Classification);
std::string_view to_string(Participation);
std::string_view to_string(FamilyFeedback);
std::string_view to_string(ImpactAnswer);
std::string_view to_string(ConcernResolution);
std::string_view to_string(MonthStatus);
std::string_view to_string(ActionStatus);
std::string_view to_string(ConcernStatus);
std::string_view to_string(OutboxStatus);
std::string_view to_string(ApiRole);
std::string_view to_string(ConsoleAccess);

Role parse_role(std::string_view text, std::string_view field = "role");
Cadence parse_cadence(std::string_view text, std::string_view field = "cadence");
Parity parse_parity(std::string_view text, std::string_view field = "parity");
ExemptionKind parse_exemption_kind(std::string_view text, std::string_view field = "kind");
LegalStatus parse_legal_status(std::string_view text, std::string_view field = "legal_status");
Grade parse_grade(std::string_view text, std::string_view field = "grade");
AuditStatus parse_audit_status(std::string_view text, std::string_view field = "status");
AuditOutcome parse_audit_outcome(std::string_view text, std::string_view field = "outcome");
Classification parse_classification(std::string_view text,
                                    std::string_view field = "classification");
Participation parse_participation(std::string_view text, std::string_view field = "participation");
FamilyFeedback parse_family_feedback(std::string_view text,
                                     std::string_view field = "family_feedback");
ImpactAnswer parse_impact_answer(std::string_view text, std::string_view field = "answer");
ConcernResolution parse_concern_resolution(std::string_view text,
                                           std::string_view field = "reason");
MonthStatus parse_month_status(std::string_view text, std::string_view field = "status");
ActionStatus parse_action_status(std::string_view text, std::string_view field = "status");
ConcernStatus parse_concern_status(std::string_view text, std::string_view field = "status");
OutboxStatus parse_outbox_status(std::string_view text, std::string_view field = "status");
ApiRole parse_api_role(std::string_view text, std::string_view field = "role");
ConsoleAccess parse_console_access(std::string_view text, std::string_view field = "access");

// All values of an enumeration, in declaration order (for CHECKs, tests, UIs).
template <typename Enum>
const std::vector<Enum>& all_values();

bool is_standing(ExemptionKind kind);

// ---- Organisation ------------------------------------------------------------

struct Rota {
  Cadence cadence = Cadence::kMonthly;
  Parity parity = Parity::kOdd;  // meaningful only when bi-monthly
  bool works_in(Month month) const {
    return cadence == Cadence::kMonthly || (month.is_odd() == (parity == Parity::kOdd));
  }
  friend bool operator==(const Rota&, const Rota&) = default;
};

struct Service {
  Id id = 0;
  std::string name;
  std::optional<Id> service_manager_id;
  std::optional<Id> head_of_service_id;
  std::optional<Id> director_id;
  friend bool operator==(const Service&, const Service&) = default;
};

struct Team {
  Id id = 0;
  std::string name;
  Id service_id = 0;
  std::optional<Id> team_manager_id;
  friend bool operator==(const Team&, const Team&) = default;
};

struct Staff {
  Id id = 0;
  std::string name;
  std::string email;
  Role role = Role::kOther;
  double fte = 1.0;           // 0 < fte <= 1
  std::optional<Id> team_id;  // the team they belong to, if any
  std::optional<Id> line_manager_id;
  std::vector<Id> responsible_team_ids;  // teams they are directly responsible for
  bool auditor = false;                  // trained to audit
  Rota audit_rota;
  std::optional<int> audit_quota;   // audits a month; unset = policy default
  int moderator_capacity = 0;       // audits a month; 0 = not a moderator
  bool external_moderator = false;  // bought-in, not on the staff list proper
  Rota moderation_rota;
  bool active = true;
  friend bool operator==(const Staff&, const Staff&) = default;
};

struct Exemption {
  Id id = 0;
  Id staff_id = 0;
  ExemptionKind kind = ExemptionKind::kSingleMonth;
  Month first_month;
  std::optional<Month> last_month;  // unset = open-ended (standing kinds only)
  std::string reason;
  std::optional<Id> authorised_by;  // required for single-month
  bool covers(Month month) const {
    return first_month <= month && (!last_month || month <= *last_month);
  }
  friend bool operator==(const Exemption&, const Exemption&) = default;
};

struct Child {
  Id id = 0;
  std::string case_reference;  // the key into the case management system; never a name
  Id team_id = 0;
  LegalStatus legal_status = LegalStatus::kChildInNeed;
  bool court_proceedings = false;
  std::optional<Id> iro_id;  // IRO / CP chair overseeing the child
  std::optional<Id> allocated_worker_id;
  bool open = true;
  friend bool operator==(const Child&, const Child&) = default;
};

// ---- The audit cycle ---------------------------------------------------------

struct AllocationRun {
  Id id = 0;
  Month month;
  MonthStatus status = MonthStatus::kPlanned;
  std::uint64_t seed = 0;
  bool looped = false;
  friend bool operator==(const AllocationRun&, const AllocationRun&) = default;
};

// Who took part in an audit: the return's participation answers.
struct AuditParticipation {
  Participation child_seen = Participation::kNotApplicable;  // seen or spoken to
  Participation family = Participation::kNotApplicable;      // consulted
  Participation worker = Participation::kNotApplicable;
  Participation team_manager = Participation::kNotApplicable;
  Participation iro = Participation::kNotApplicable;
  friend bool operator==(const AuditParticipation&, const AuditParticipation&) = default;
};

struct Audit {
  Id id = 0;
  Month month;
  Id child_id = 0;
  Id auditor_id = 0;
  std::optional<Id> moderator_id;
  bool needs_external_moderation = false;
  std::optional<int> loop_group;  // set in a looped month: both audits share it
  AuditStatus status = AuditStatus::kAllocated;
  Date due_date;
  std::optional<Grade> overall_grade;
  std::map<std::string, Grade> domain_grades;  // domain name -> grade
  std::optional<Grade> moderated_grade;
  std::optional<AuditOutcome> outcome;
  std::optional<Date> submitted_on;
  std::optional<Date> moderated_on;
  std::string explanation;                // why this child, auditor and moderator
  std::optional<std::string> pin_reason;  // set when a coordinator pinned it
  // Why the overall grade is more than one above the lowest domain grade
  // (required then; see the submission rule in daemon/api).
  std::optional<std::string> grade_justification;
  // Set once an Inadequate audit is classified (awaits_classification);
  // the reason is required for no concern.
  std::optional<Classification> classification;
  std::optional<std::string> classification_reason;
  // The return's participation answers and family feedback (set on
  // submission; unset on audits recorded before they were asked).
  std::optional<AuditParticipation> participation;
  std::optional<FamilyFeedback> family_feedback;
  // The moderator's comment, and why an audit not meeting the standard was
  // sent back to its auditor (required then).
  std::optional<std::string> moderation_comment;
  std::optional<std::string> sent_back_reason;
  // In a looped month, where the two auditors' grades differ: the grade the
  // moderation meeting agreed.
  std::optional<Grade> meeting_grade;
  friend bool operator==(const Audit&, const Audit&) = default;
};

// The audit's grade as it stands: the moderator's once moderated, else the
// auditor's once submitted; nullopt while it has none.
std::optional<Grade> current_grade(const Audit& audit);

// True while the audit's current grade is Inadequate and it is not yet
// classified: the moderator and head of service are asked to classify it
// (category 1, category 2 or no concern) and it stays on the coordinator's
// list until they do (DOMAIN.md: an Inadequate audit raises the child as a
// case of concern).
bool awaits_classification(const Audit& audit);

// An auditor's moderator for the six months starting at `period`.
struct Pairing {
  Id id = 0;
  Month period;
  Id auditor_id = 0;
  Id moderator_id = 0;
  std::string reason;
  friend bool operator==(const Pairing&, const Pairing&) = default;
};

struct Action {
  Id id = 0;
  Id audit_id = 0;
  std::string description;
  Id owner_id = 0;
  Date due_date;
  bool care_planning = false;
  ActionStatus status = ActionStatus::kOpen;
  std::optional<Date> completed_on;
  friend bool operator==(const Action&, const Action&) = default;
};

struct Concern {
  Id id = 0;
  Id child_id = 0;
  std::optional<Id> audit_id;
  int category = 2;  // 1: immediate risk of significant harm; 2: service not right
  Date raised_on;
  ConcernStatus status = ConcernStatus::kOpen;
  std::optional<Date> resolved_on;
  std::optional<ConcernResolution> resolution;  // set when resolved (since schema 7)
  std::string resolution_note;                  // the reason in words; required for kOther
  friend bool operator==(const Concern&, const Concern&) = default;
};

struct ConcernUpdate {
  Id id = 0;
  Id concern_id = 0;
  Month month;
  std::string note;
  std::optional<Id> recorded_by;
  friend bool operator==(const ConcernUpdate&, const ConcernUpdate&) = default;
};

// One person's answer to an audit's impact follow-up (the auditor's or the
// team manager's): did the audit make a difference for the child.
struct ImpactResponse {
  Id id = 0;
  Id audit_id = 0;
  Id staff_id = 0;  // who answered
  ImpactAnswer answer = ImpactAnswer::kNo;
  std::string what_changed;
  Date answered_on;
  friend bool operator==(const ImpactResponse&, const ImpactResponse&) = default;
};

// A coordinator's decision on an action owner's proposed new due date.
enum class ActionUpdateDecision { kAccepted, kDeclined };
std::string_view to_string(ActionUpdateDecision);
ActionUpdateDecision parse_action_update_decision(std::string_view text,
                                                  std::string_view field = "decision");

// Everything the solvers and the due-rules read: one consistent snapshot.
struct Authority {
  std::vector<Service> services;
  std::vector<Team> teams;
  std::vector<Staff> staff;
  std::vector<Exemption> exemptions;
  std::vector<Child> children;
  std::vector<AllocationRun> runs;
  std::vector<Audit> audits;  // history and current
  std::vector<Pairing> pairings;
  std::vector<Action> actions;
  std::vector<Concern> concerns;
  std::vector<ConcernUpdate> concern_updates;
};

}  // namespace caseaudit
