// The version of this build, from the project() version in CMakeLists.txt.
#pragma once

namespace auditd::daemon {

extern const char* const kVersion;

}  // namespace auditd::daemon
