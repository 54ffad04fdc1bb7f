#include "daemon/version.h"

namespace caseaudit::daemon {

const char* const kVersion = CASEAUDIT_VERSION;

}  // namespace caseaudit::daemon
