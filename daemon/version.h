// The version of this build, from the project() version in CMakeLists.txt.
#pragma once

namespace caseaudit::daemon {

extern const char* const kVersion;

}  // namespace caseaudit::daemon
