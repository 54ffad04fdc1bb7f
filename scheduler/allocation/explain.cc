#include "scheduler/allocation/explain.h"

#include <cmath>

namespace caseaudit {

std::string percent(double share) { return std::to_string(std::lround(share * 100)) + "%"; }

std::string role_words(Role role) {
  std::string words(to_string(role));
  for (char& c : words) {
    if (c == '_') c = ' ';
  }
  if (role == Role::kIroCpChair) words = "IRO/CP chair";
  if (role == Role::kQaOfficer) words = "QA officer";
  return words;
}

std::string counted(int count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace caseaudit
