// AllocationDatabaseTest: DemoDatabaseTest (a fresh, migrated database on
// one backend holding the demo authority of size S, whose first month
// without audits is 2027-01) with an AllocationService of the default
// policies for the allocation lifecycle's tests.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "daemon/service/allocation_service.h"
#include "scheduler/errors.h"
#include "tests/daemon/demo_database_test.h"

namespace caseaudit::daemon::testing {

class AllocationDatabaseTest : public DemoDatabaseTest {
 protected:
  AllocationService service() {
    return AllocationService(store(), Calendar::england_and_wales(), Policy{}, PairingPolicy{});
  }

  std::vector<Audit> audits(Month month) { return audits_in(month); }
};

}  // namespace caseaudit::daemon::testing
