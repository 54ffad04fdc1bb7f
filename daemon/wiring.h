// Wiring: the one place that builds the services from the configuration and
// a clock. `serve`, every CLI command that touches the domain, and the test
// fixtures use it, so a command can never disagree with the daemon about the
// calendar (bank holidays), the allocation or pairing policy, or the zone.
//
// Building opens the configured database (state directory checked first),
// applies pending migrations, then makes the calendar, the allocation
// service and the ServiceContext over them. Throws what open_database() and
// migrate_database() throw (database_setup.h), and InputError naming the
// setting for a policy that fails its validate().
//
// Not copyable; everything it hands out lives as long as it does.
#pragma once

#include <date/tz.h>

#include <memory>

#include "daemon/config.h"
#include "daemon/service/allocation_service.h"
#include "daemon/service/context.h"
#include "db/database.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"

namespace caseaudit::daemon {

class Wiring {
 public:
  // `clock` must outlive the wiring.
  Wiring(const Config& config, const Clock& clock);
  // For tests: services over an already open (and migrated) database.
  Wiring(const Config& config, const Clock& clock, std::unique_ptr<db::Database> database);
  ~Wiring();

  Wiring(const Wiring&) = delete;
  Wiring& operator=(const Wiring&) = delete;

  db::Database& database() { return *database_; }
  Store& store() { return database_->store(); }
  const Calendar& calendar() const { return calendar_; }
  const date::time_zone* zone() const { return zone_; }
  AllocationService& allocation() { return *allocation_; }
  // The services' context. Its hooks (wake_reminders, enqueue_urgent) are
  // empty until the daemon sets them, before any front door starts.
  ServiceContext& services() { return *services_; }

 private:
  std::unique_ptr<db::Database> database_;
  Calendar calendar_;
  const date::time_zone* zone_;
  std::unique_ptr<AllocationService> allocation_;
  std::unique_ptr<ServiceContext> services_;
};

}  // namespace caseaudit::daemon
