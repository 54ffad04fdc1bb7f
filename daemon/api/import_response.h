// The HTTP answer to a CSV import (daemon/service/import.h): 200 with the
// report when the import wrote, 422 when an atomic import was refused. The
// body: {"atomic", "written", "created", "updated", "unchanged", "rejected",
// "rows": [{"line", "result", "id", "error": {"field", "message"}}]}, the
// error only on rejected rows. docs/api/organisation.md.
#pragma once

#include "daemon/api/api.h"
#include "daemon/service/import.h"

namespace caseaudit::daemon::api {

ApiResponse import_response(const ImportReport& report);

}  // namespace caseaudit::daemon::api
