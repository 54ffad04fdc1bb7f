// The targets and RAG thresholds the leaders' reports are read against, and
// the authority's financial year. Defaults are those of the reference reports
// (../shared/DOMAIN.md, 003_'s performance snapshot); every one is set per
// authority in the [reports] config section.
//
// Shares are fractions (0.5 = 50%). Plain values; thread-compatible.
#pragma once

#include <string>
#include <vector>

namespace caseaudit {

struct ReportTargets {
  // Audits completed to the accepted standard in a month: red below the
  // baseline, amber from the baseline, green from the stretch target
  // (stretch_per_team audits for every team).
  int completed_baseline = 45;
  int stretch_per_team = 2;
  double completion_rate = 0.90;  // auditors completing / available auditors
  double good_or_better = 0.50;   // share Good or Outstanding in the quarter
  double inadequate_at_most = 0.09;
  double actions_on_time = 0.80;  // previous month's actions within timescale
  // The domains whose share Good or better the snapshot shows, and its target
  // (003_'s: assessment, planning, management oversight, in the default
  // domains' spelling).
  std::vector<std::string> snapshot_domains{"Quality of assessment", "Quality of plans",
                                            "Decision making and management oversight"};
  double domain_good_or_better = 0.50;
  // Participation targets: child seen, family, worker, team manager, IRO.
  double participation_child = 0.80;
  double participation_family = 0.80;
  double participation_worker = 0.95;
  double participation_team_manager = 0.95;
  double participation_iro = 0.95;
  // A share that misses its target by at most this many percentage points
  // (as a fraction: 0.10 = 10 points) is amber, further away red.
  double amber_margin = 0.10;
  // The first month of the financial year (April): quarters start there.
  int year_start_month = 4;

  friend bool operator==(const ReportTargets&, const ReportTargets&) = default;
};

}  // namespace caseaudit
