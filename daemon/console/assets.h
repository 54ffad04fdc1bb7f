// The console's static files (daemon/console/assets/), built into the binary
// at build time by embed_assets.cmake: nothing is read from disk or fetched
// at run time, so the console works under the unit's sandbox.
//
// Each asset has its URL path ("/assets/console.css"), its Content-Type and
// a strong ETag (a quoted prefix of the SHA-256 of its bytes). The console's
// shell page is the asset "/assets/index.html" (find_shell()). Thread-safe:
// all of it is immutable.
#pragma once

#include <span>
#include <string_view>

namespace caseaudit::console {

struct Asset {
  std::string_view path;          // "/assets/js/app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;          // the file's bytes
  std::string_view etag;          // "\"3f2a...\"", quotes included
};

// Every embedded asset, sorted by path.
std::span<const Asset> embedded_assets();

// The asset at exactly `path`, or nullptr.
const Asset* find_asset(std::string_view path);

// The HTML shell served at "/" and every "/console/..." page.
const Asset& find_shell();

}  // namespace caseaudit::console
