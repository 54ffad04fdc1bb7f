// Names for the demo generator: staff, services and teams that look like a
// real English local authority. Children get no names, only case references.
// Every function is pure and deterministic; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace caseaudit::demo {

struct PersonName {
  std::string full;         // "Sarah Hughes"
  std::string email_local;  // "sarah.hughes" (ASCII, lower case)
};

// Distinct `index` values give distinct names (a numeric suffix keeps them
// distinct once the table of first names x surnames is exhausted). The
// mapping is a bijection scrambled by `seed`, so consecutive staff do not
// share a surname.
PersonName person_name(std::uint64_t index, std::uint64_t seed);

// Service `index` (0-based); kinds repeat every kServiceKinds services.
inline constexpr int kServiceKinds = 6;
std::string service_name(int index);
// The kind of service determines the team names: kind 0 is the front door,
// whose first team is the MASH.
std::string team_name(int service_index, int team_in_service);
bool is_mash_team(int service_index, int team_in_service);
// Index of the kind of service that holds court work (court consultants sit there).
inline constexpr int kCourtServiceKind = 5;

}  // namespace caseaudit::demo
