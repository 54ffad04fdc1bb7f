// The state directory (database file, spool): made sure to exist and to be
// writable before the daemon starts, so that a wrong path or permission is
// reported at start-up in one line, not as a later failure deep in a job.
#pragma once

#include <filesystem>
#include <string_view>

namespace caseaudit::daemon {

// Creates `directory` (and parents) when missing, then proves it writable by
// creating and removing a file in it. Throws RuntimeFailure naming the
// directory and the reason ("state directory /x: cannot create: Permission
// denied").
void ensure_writable_directory(const std::filesystem::path& directory, std::string_view what);

}  // namespace caseaudit::daemon
