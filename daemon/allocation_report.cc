#include "daemon/allocation_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <unordered_map>

namespace caseaudit::daemon {
namespace {

namespace json = boost::json;

// Names by id, for one snapshot.
class Names {
 public:
  explicit Names(const Authority& snapshot) {
    for (const Team& team : snapshot.teams) teams_[team.id] = &team;
    for (const Staff& staff : snapshot.staff) staff_[staff.id] = &staff;
    for (const Child& child : snapshot.children) children_[child.id] = &child;
  }
  std::string team(Id id) const { return name_of(teams_, id, "team"); }
  std::string staff(Id id) const { return name_of(staff_, id, "staff"); }
  const Child* child(Id id) const {
    auto found = children_.find(id);
    return found == children_.end() ? nullptr : found->second;
  }

 private:
  template <typename Map>
  static std::string name_of(const Map& map, Id id, std::string_view kind) {
    auto found = map.find(id);
    return found == map.end() ? fmt::format("{} {}", kind, id) : found->second->name;
  }
  std::unordered_map<Id, const Team*> teams_;
  std::unordered_map<Id, const Staff*> staff_;
  std::unordered_map<Id, const Child*> children_;
};

// The month's audits after this call: committed (not withdrawn) and new.
std::vector<const Audit*> month_audits(const AllocationOutcome& outcome) {
  std::vector<const Audit*> audits;
  for (const Audit& audit : outcome.snapshot.audits) {
    if (audit.month == outcome.month && audit.status != AuditStatus::kWithdrawn) {
      audits.push_back(&audit);
    }
  }
  for (const Audit& audit : outcome.result.audits) audits.push_back(&audit);
  return audits;
}

// Capacity this month, as the solver sees it: none off the moderation rota,
// when exempt (other than to moderate), external or inactive.
int capacity_in(const Authority& snapshot, const Staff& moderator, Month month) {
  if (!moderator.active || moderator.external_moderator) return 0;
  if (!moderator.moderation_rota.works_in(month)) return 0;
  for (const Exemption& exemption : snapshot.exemptions) {
    if (exemption.staff_id == moderator.id && exemption.covers(month) &&
        exemption.kind != ExemptionKind::kModerating) {
      return 0;
    }
  }
  return moderator.moderator_capacity;
}

struct TeamLine {
  Id id = 0;
  std::string name;
  int audits = 0;
  std::string reason;  // set when there is no audit
};

struct ModeratorLine {
  Id id = 0;
  std::string name;
  int load = 0;
  int capacity = 0;
};

std::vector<TeamLine> team_lines(const AllocationOutcome& outcome, const Names& names) {
  std::map<Id, int> counts;
  for (const Audit* audit : month_audits(outcome)) {
    if (const Child* child = names.child(audit->child_id)) ++counts[child->team_id];
  }
  std::map<Id, std::string> reasons;
  for (const TeamShortfall& gap : outcome.result.shortfalls.teams_without_audit) {
    reasons[gap.team_id] = gap.reason;
  }
  std::vector<TeamLine> lines;
  for (const Team& team : outcome.snapshot.teams) {
    TeamLine line{.id = team.id, .name = team.name, .audits = counts[team.id]};
    if (line.audits == 0) {
      auto reason = reasons.find(team.id);
      line.reason = reason == reasons.end() ? "no open child could be allocated" : reason->second;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<ModeratorLine> moderator_lines(const AllocationOutcome& outcome) {
  std::map<Id, int> loads;
  for (const Audit* audit : month_audits(outcome)) {
    if (audit->moderator_id) ++loads[*audit->moderator_id];
  }
  std::vector<ModeratorLine> lines;
  for (const Staff& staff : outcome.snapshot.staff) {
    if (staff.moderator_capacity <= 0 || staff.external_moderator) continue;
    lines.push_back({.id = staff.id,
                     .name = staff.name,
                     .load = loads[staff.id],
                     .capacity = capacity_in(outcome.snapshot, staff, outcome.month)});
  }
  return lines;
}

std::string headline(const AllocationOutcome& outcome) {
  const AllocationResult& result = outcome.result;
  std::string verb = outcome.committed ? "added" : "would add";
  return fmt::format(
      "allocation {}{} (seed {}{}): {} available auditors, {} audits already committed, {} {} "
      "audits\nflow cost {} (optimum of the allocation network; --export-dimacs writes it)\n",
      outcome.month.to_string(), outcome.committed ? "" : " (dry run: nothing written)",
      outcome.seed, outcome.looped ? ", looped: every child audited twice" : "",
      result.available_auditors, outcome.already_committed, verb, result.audits.size(),
      result.flow_cost);
}

json::object audit_json(const Audit& audit, const Names& names) {
  const Child* child = names.child(audit.child_id);
  json::object out{
      {"id", audit.id},
      {"child_id", audit.child_id},
      {"case_reference", child ? child->case_reference : std::string()},
      {"team_id", child ? child->team_id : Id{0}},
      {"team", child ? names.team(child->team_id) : std::string()},
      {"legal_status", child ? std::string(to_string(child->legal_status)) : std::string()},
      {"auditor_id", audit.auditor_id},
      {"auditor", names.staff(audit.auditor_id)},
      {"needs_external_moderation", audit.needs_external_moderation},
      {"due_date", format_date(audit.due_date)},
      {"explanation", audit.explanation},
  };
  out["moderator_id"] = audit.moderator_id ? json::value(*audit.moderator_id) : json::value();
  out["moderator"] =
      audit.moderator_id ? json::value(names.staff(*audit.moderator_id)) : json::value();
  out["loop_group"] = audit.loop_group ? json::value(*audit.loop_group) : json::value();
  out["pin_reason"] = audit.pin_reason ? json::value(*audit.pin_reason) : json::value();
  return out;
}

json::object shortfalls_json(const Shortfalls& shortfalls) {
  json::array teams;
  for (const TeamShortfall& gap : shortfalls.teams_without_audit) {
    teams.push_back(json::object{{"team_id", gap.team_id}, {"reason", gap.reason}});
  }
  json::array auditors;
  for (const AuditorShortfall& gap : shortfalls.auditors_without_audit) {
    auditors.push_back(json::object{{"auditor_id", gap.auditor_id}, {"reason", gap.reason}});
  }
  json::array at_capacity(shortfalls.moderation.moderators_at_capacity.begin(),
                          shortfalls.moderation.moderators_at_capacity.end());
  return {
      {"summary", json::array(shortfalls.summary.begin(), shortfalls.summary.end())},
      {"teams_without_audit", std::move(teams)},
      {"auditors_without_audit", std::move(auditors)},
      {"moderation", json::object{{"external_needed", shortfalls.moderation.external_needed},
                                  {"moderators_at_capacity", std::move(at_capacity)},
                                  {"fix", shortfalls.moderation.fix}}},
  };
}

}  // namespace

std::string allocation_text(const AllocationOutcome& outcome) {
  Names names(outcome.snapshot);
  std::string out = headline(outcome);
  out += "\nTeams:\n";
  for (const TeamLine& line : team_lines(outcome, names)) {
    out += line.audits > 0 ? fmt::format("  {}: {} audit{}\n", line.name, line.audits,
                                         line.audits == 1 ? "" : "s")
                           : fmt::format("  {}: no audit: {}\n", line.name, line.reason);
  }
  out += "\nModerators (load / capacity this month):\n";
  for (const ModeratorLine& line : moderator_lines(outcome)) {
    out += fmt::format("  {}: {}/{}\n", line.name, line.load, line.capacity);
  }
  const Shortfalls& shortfalls = outcome.result.shortfalls;
  out += "\nShortfalls:\n";
  if (shortfalls.summary.empty()) out += "  none\n";
  for (const std::string& sentence : shortfalls.summary) out += "  - " + sentence + "\n";
  return out;
}

json::value allocation_json(const AllocationOutcome& outcome) {
  Names names(outcome.snapshot);
  json::array teams;
  for (const TeamLine& line : team_lines(outcome, names)) {
    json::object team{{"id", line.id}, {"name", line.name}, {"audits", line.audits}};
    if (line.audits == 0) team["no_audit_reason"] = line.reason;
    teams.push_back(std::move(team));
  }
  json::array moderators;
  for (const ModeratorLine& line : moderator_lines(outcome)) {
    moderators.push_back(json::object{
        {"id", line.id}, {"name", line.name}, {"load", line.load}, {"capacity", line.capacity}});
  }
  json::array audits;
  for (const Audit& audit : outcome.result.audits) audits.push_back(audit_json(audit, names));
  const AllocationResult& result = outcome.result;
  return json::object{
      {"month", outcome.month.to_string()},
      {"seed", outcome.seed},
      {"looped", outcome.looped},
      {"dry_run", !outcome.committed},
      {"available_auditors", result.available_auditors},
      {"already_committed", outcome.already_committed},
      {"added", outcome.added},
      {"new_audits", result.audits.size()},
      {"flow_cost", result.flow_cost},
      {"moderation_cost", result.moderation_cost},
      {"teams", std::move(teams)},
      {"moderators", std::move(moderators)},
      {"shortfalls", shortfalls_json(result.shortfalls)},
      {"audits", std::move(audits)},
  };
}

std::string rotation_text(const RotationOutcome& outcome) {
  Names names(outcome.snapshot);
  std::string out;
  if (outcome.already_rotated) {
    out = fmt::format("pairings {}: already rotated ({} pairings kept; nothing changed)\n",
                      outcome.period.to_string(), outcome.pairings.size());
  } else {
    out = fmt::format("pairings {}{}: {} {} pairings, {} auditors unpaired\n",
                      outcome.period.to_string(),
                      outcome.dry_run ? " (dry run: nothing written)" : "",
                      outcome.dry_run ? "would store" : "stored", outcome.pairings.size(),
                      outcome.result.unpaired.size());
  }
  std::map<Id, std::vector<std::string>> by_moderator;
  for (const Pairing& pairing : outcome.pairings) {
    by_moderator[pairing.moderator_id].push_back(names.staff(pairing.auditor_id));
  }
  out += "\nModerators (paired auditors):\n";
  for (const auto& [moderator, auditors] : by_moderator) {
    out += fmt::format("  {} ({}): {}\n", names.staff(moderator), auditors.size(),
                       fmt::join(auditors, ", "));
  }
  if (!outcome.result.unpaired.empty()) {
    std::vector<std::string> unpaired;
    for (Id id : outcome.result.unpaired) unpaired.push_back(names.staff(id));
    out += fmt::format("\nUnpaired: {}\n", fmt::join(unpaired, ", "));
  }
  out += "\nShortfalls:\n";
  if (outcome.result.summary.empty()) out += "  none\n";
  for (const std::string& sentence : outcome.result.summary) out += "  - " + sentence + "\n";
  return out;
}

json::value rotation_json(const RotationOutcome& outcome) {
  Names names(outcome.snapshot);
  json::array pairings;
  for (const Pairing& pairing : outcome.pairings) {
    pairings.push_back(json::object{{"id", pairing.id},
                                    {"auditor_id", pairing.auditor_id},
                                    {"auditor", names.staff(pairing.auditor_id)},
                                    {"moderator_id", pairing.moderator_id},
                                    {"moderator", names.staff(pairing.moderator_id)},
                                    {"reason", pairing.reason}});
  }
  return json::object{
      {"period", outcome.period.to_string()},
      {"dry_run", outcome.dry_run},
      {"already_rotated", outcome.already_rotated},
      {"pairings", std::move(pairings)},
      {"unpaired", json::array(outcome.result.unpaired.begin(), outcome.result.unpaired.end())},
      {"summary", json::array(outcome.result.summary.begin(), outcome.result.summary.end())},
      {"cost", outcome.result.cost},
  };
}

}  // namespace caseaudit::daemon
