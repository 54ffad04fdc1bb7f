#include "scheduler/demo/demo_names.h"

#include <array>
#include <cctype>
#include <string_view>

namespace caseaudit::demo {
namespace {

constexpr std::array<std::string_view, 64> kFirstNames{
    "Sarah",   "James",   "Emma",     "David",   "Rachel",    "Mark",    "Helen",    "Paul",
    "Claire",  "Andrew",  "Nicola",   "Simon",   "Joanne",    "Richard", "Louise",   "Gareth",
    "Kate",    "Stephen", "Amanda",   "Peter",   "Lisa",      "Daniel",  "Michelle", "Tom",
    "Rebecca", "Chris",   "Hannah",   "Matthew", "Laura",     "Ian",     "Sophie",   "Martin",
    "Jo",      "Neil",    "Gemma",    "Adrian",  "Fiona",     "Rob",     "Priya",    "Aisha",
    "Tariq",   "Grace",   "Olusegun", "Mei",     "Anita",     "Kwame",   "Sian",     "Rhys",
    "Bethan",  "Owen",    "Zainab",   "Imran",   "Catherine", "Julie",   "Karen",    "Alison",
    "Dawn",    "Lee",     "Wendy",    "Carl",    "Natalie",   "Ravi",    "Deborah",  "Ellie"};

constexpr std::array<std::string_view, 96> kSurnames{
    "Smith",    "Jones",      "Taylor",   "Brown",    "Williams", "Wilson",    "Johnson",
    "Davies",   "Robinson",   "Wright",   "Thompson", "Evans",    "Walker",    "White",
    "Roberts",  "Green",      "Hall",     "Wood",     "Jackson",  "Clarke",    "Patel",
    "Hughes",   "Edwards",    "Turner",   "Hill",     "Moore",    "Cooper",    "Ward",
    "Morris",   "King",       "Watson",   "Harris",   "Baker",    "Harrison",  "Morgan",
    "Young",    "Allen",      "Mitchell", "Lee",      "Bennett",  "Carter",    "Phillips",
    "Parker",   "Price",      "Shaw",     "Lloyd",    "Bailey",   "Cox",       "Ellis",
    "Knight",   "Webb",       "Pugh",     "Powell",   "Owen",     "Rees",      "Khan",
    "Ahmed",    "Begum",      "Hussain",  "Singh",    "Kaur",     "Okafor",    "Mensah",
    "Chen",     "Nowak",      "Kowalski", "O'Brien",  "Murphy",   "Kelly",     "Doyle",
    "Fletcher", "Gibbs",      "Hammond",  "Lawrence", "Marshall", "Newman",    "Palmer",
    "Reynolds", "Spencer",    "Stevens",  "Tucker",   "Vaughan",  "Warren",    "Yates",
    "Ashworth", "Brookes",    "Chapman",  "Dixon",    "Francis",  "Griffiths", "Holmes",
    "Jenkins",  "Lewis-Hart", "Mason",    "Nash",     "Osborne"};

constexpr std::array<std::string_view, kServiceKinds> kServiceNames{
    "Front Door and Assessment", "Safeguarding and Family Support",
    "Children in Care",          "Care Leavers and 11-25",
    "Disabled Children",         "Court and Permanence"};

constexpr std::array<std::string_view, kServiceKinds> kTeamFunctions{
    "Assessment",   "Safeguarding",      "Children in Care",
    "Young People", "Disabled Children", "Court and Permanence"};

constexpr std::array<std::string_view, 10> kLocalities{
    "Gloucester", "Cheltenham", "Stroud",     "Forest of Dean", "Cotswolds",
    "Tewkesbury", "Hereford",   "Leominster", "Ross",           "Ledbury"};

// Letters only, lower case: "O'Brien" -> "obrien", "Lewis-Hart" -> "lewishart".
std::string email_part(std::string_view name) {
  std::string part;
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      part += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return part;
}

std::string repetition_suffix(int repetition) {
  return repetition == 0 ? "" : " " + std::to_string(repetition + 1);
}

}  // namespace

PersonName person_name(std::uint64_t index, std::uint64_t seed) {
  constexpr std::uint64_t kCombinations = kFirstNames.size() * kSurnames.size();
  // An affine map with a multiplier coprime to kCombinations (6144 = 2^11 * 3)
  // is a bijection on each block of kCombinations indices.
  const std::uint64_t block = index / kCombinations;
  const std::uint64_t scrambled = (index * 2459 + seed % kCombinations) % kCombinations;
  const std::string_view first = kFirstNames[scrambled % kFirstNames.size()];
  const std::string_view last = kSurnames[scrambled / kFirstNames.size()];
  const std::string suffix = block == 0 ? "" : std::to_string(block + 1);
  return PersonName{std::string(first) + " " + std::string(last),
                    email_part(first) + "." + email_part(last) + suffix};
}

std::string service_name(int index) {
  return std::string(kServiceNames[index % kServiceKinds]) +
         repetition_suffix(index / kServiceKinds);
}

std::string team_name(int service_index, int team_in_service) {
  const int kind = service_index % kServiceKinds;
  const std::string locality(kLocalities[team_in_service % kLocalities.size()]);
  const std::string function =
      is_mash_team(service_index, team_in_service) ? "MASH" : std::string(kTeamFunctions[kind]);
  const int round = team_in_service / static_cast<int>(kLocalities.size());
  return locality + " " + function + repetition_suffix(service_index / kServiceKinds) +
         (round == 0 ? "" : " (" + std::to_string(round + 1) + ")");
}

bool is_mash_team(int service_index, int team_in_service) {
  return service_index % kServiceKinds == 0 && team_in_service == 0;
}

}  // namespace caseaudit::demo
