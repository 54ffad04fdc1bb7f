#include "daemon/console/assets.h"

#include <algorithm>
#include <stdexcept>

namespace caseaudit::console {

const Asset* find_asset(std::string_view path) {
  const std::span<const Asset> assets = embedded_assets();
  const auto found =
      std::lower_bound(assets.begin(), assets.end(), path,
                       [](const Asset& a, std::string_view p) { return a.path < p; });
  if (found == assets.end() || found->path != path) return nullptr;
  return &*found;
}

const Asset& find_shell() {
  static const Asset* const shell = find_asset("/assets/index.html");
  if (shell == nullptr) throw std::logic_error("the console's assets/index.html is not embedded");
  return *shell;
}

}  // namespace caseaudit::console
