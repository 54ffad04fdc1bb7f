#include "daemon/service/report_data.h"

#include <set>

namespace caseaudit::daemon {

Authority quarter_report_authority(Transaction& tx, Period months) {
  Organisation organisation = tx.organisation().load();
  Authority authority{.services = std::move(organisation.services),
                      .teams = std::move(organisation.teams),
                      .staff = std::move(organisation.staff),
                      .exemptions = std::move(organisation.exemptions)};
  std::set<Id> children;
  for (Month m = months.from; m <= months.to; m = m.next()) {
    for (Audit& audit : tx.allocation().audits_in(m)) authority.audits.push_back(std::move(audit));
    for (Child& child : tx.caseload().children_audited_in(m)) {
      if (children.insert(child.id).second) authority.children.push_back(std::move(child));
    }
  }
  return authority;
}

}  // namespace caseaudit::daemon
