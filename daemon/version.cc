#include "daemon/version.h"

namespace auditd::daemon {

const char* const kVersion = AUDITD_VERSION;

}  // namespace auditd::daemon
