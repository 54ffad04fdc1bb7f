// The counts the leaders' reports share: the final grades of the audits
// returned in a period, overall and per domain, participation answers, open
// cases of concern as at a date, and percentages in words.
//
// An audit counts once it is returned (submitted or moderated); its grade is
// the moderated one when moderated, else the auditor's (current_grade).
// Pure functions of the snapshot; thread-compatible.
#pragma once

#include <optional>
#include <string>

#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/reporting/month_report.h"

namespace caseaudit {

bool is_returned(const Audit& audit);

// numerator / denominator, nullopt when the denominator is 0.
std::optional<double> share_of(int numerator, int denominator);

// The final grades of the audits of `period`'s months that are returned.
GradeCounts final_grades(const Authority& authority, Period period);
// The auditors' grades for `domain` in those audits.
GradeCounts domain_grades(const Authority& authority, Period period, const std::string& domain);

// Answers to one participation question; not applicable answers are left
// out of the share.
struct AnswerCounts {
  int yes = 0;
  int no = 0;
  int not_applicable = 0;
  std::optional<double> yes_share() const;  // yes / (yes + no)
};

struct ParticipationCounts {
  int returns = 0;  // returned audits with participation answers
  AnswerCounts child_seen, family, worker, team_manager, iro;
};

void count_participation(ParticipationCounts& counts, const AuditParticipation& answers);
ParticipationCounts participation(const Authority& authority, Period period);

struct LoopedAgreement {
  int pairs = 0;  // loop groups whose two audits both have the auditor's grade
  int agreed = 0;
  int differed = 0;
  std::optional<double> agreed_share() const { return share_of(agreed, pairs); }
};

struct FeedbackCounts {
  int contacted = 0;
  int attempted = 0;
  int none = 0;
  int not_recorded = 0;  // returned audits without a family feedback answer
  int answered() const { return contacted + attempted + none; }
};

struct BreakdownRow {
  std::string key;   // the team's or service's id, or the legal status
  std::string name;  // as people read it
  GradeCounts grades;
};

// Cases of concern open at the end of `day` (raised by then, not resolved by
// then), and those of them raised more than 12 months before it.
struct OpenConcerns {
  int open = 0;
  int over_12_months = 0;
};
OpenConcerns open_concerns_at(const Authority& authority, Date day);

// "9%": a share as a whole percentage, rounded half up.
std::string share_percent(double share);
int whole_percent(double share);

}  // namespace caseaudit
