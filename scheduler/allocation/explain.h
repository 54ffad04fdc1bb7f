// Small helpers that word the solvers' explanations and shortfalls.
#pragma once

#include <string>

#include "scheduler/model.h"

namespace caseaudit {

std::string percent(double share);                        // 0.125 -> "13%"
std::string role_words(Role role);                        // kHeadOfService -> "head of service"
std::string counted(int count, const std::string& noun);  // (3, "audit") -> "3 audits"

}  // namespace caseaudit
