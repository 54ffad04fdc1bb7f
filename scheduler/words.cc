#include "scheduler/words.h"

#include <array>
#include <chrono>

namespace caseaudit {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

}  // namespace

std::string date_in_words(Date date) {
  const std::chrono::weekday weekday{std::chrono::sys_days(date)};
  return std::string(kWeekdays[weekday.c_encoding()]) + " " +
         std::to_string(static_cast<unsigned>(date.day())) + " " +
         kMonths[static_cast<unsigned>(date.month()) - 1] + " " +
         std::to_string(static_cast<int>(date.year()));
}

std::string month_in_words(Month month) {
  return std::string(kMonths[month.month() - 1]) + " " + std::to_string(month.year());
}

std::string in_words(Grade grade) {
  switch (grade) {
    case Grade::kOutstanding:
      return "Outstanding";
    case Grade::kGood:
      return "Good";
    case Grade::kRequiresImprovement:
      return "Requires improvement";
    case Grade::kInadequate:
      return "Inadequate";
  }
  return "Unknown grade";
}

std::string in_words(LegalStatus status) {
  switch (status) {
    case LegalStatus::kChildInNeed:
      return "Child in need";
    case LegalStatus::kChildProtection:
      return "Child protection";
    case LegalStatus::kChildInCare:
      return "Child in care";
    case LegalStatus::kCareLeaver:
      return "Care leaver";
    case LegalStatus::kDisabledChildren:
      return "Disabled children";
    case LegalStatus::kUnderAssessment:
      return "Under assessment";
  }
  return "Unknown legal status";
}

std::string in_words(Role role) {
  switch (role) {
    case Role::kSocialWorker:
      return "Social worker";
    case Role::kAdvancedPractitioner:
      return "Advanced practitioner";
    case Role::kPracticeSupervisor:
      return "Practice supervisor";
    case Role::kTeamManager:
      return "Team manager";
    case Role::kServiceManager:
      return "Service manager";
    case Role::kHeadOfService:
      return "Head of service";
    case Role::kCourtConsultant:
      return "Court consultant";
    case Role::kQaOfficer:
      return "QA officer";
    case Role::kIroCpChair:
      return "IRO / CP chair";
    case Role::kDirector:
      return "Director";
    case Role::kOther:
      return "Other";
  }
  return "Unknown role";
}

std::string in_words(ExemptionKind kind) {
  switch (kind) {
    case ExemptionKind::kMaternityLeave:
      return "Maternity leave";
    case ExemptionKind::kExtendedLeave:
      return "Extended leave or absence";
    case ExemptionKind::kModerating:
      return "Moderating this month";
    case ExemptionKind::kSecondment:
      return "Secondment";
    case ExemptionKind::kSingleMonth:
      return "Single month (authorised by a director)";
  }
  return "Unknown exemption";
}

std::string in_words(ConcernResolution resolution) {
  switch (resolution) {
    case ConcernResolution::kChildSafe:
      return "The child is safe";
    case ConcernResolution::kPlanInPlace:
      return "A plan is in place that meets the child's needs";
    case ConcernResolution::kOther:
      return "Another reason";
  }
  return "Another reason";
}

}  // namespace caseaudit
