// Names beside ids: the API's "<x>_name" fields where it sends them, else
// looked up once per page in the staff and team lists, so that no table
// shows a bare id.

import { get } from "./api.js";

export async function loadDirectory() {
  const [staff, teams, services] = await Promise.all([get("/v1/staff"), get("/v1/teams"), get("/v1/services")]);
  const people = new Map(staff.staff.map((s) => [s.id, s]));
  const teamById = new Map(teams.teams.map((t) => [t.id, t]));
  const serviceById = new Map(services.services.map((s) => [s.id, s]));
  return {
    staff: staff.staff,
    teams: teams.teams,
    services: services.services,
    person: (id) => people.get(id) ?? null,
    personName: (id, given) => given ?? (id === null || id === undefined ? "" : people.get(id)?.name ?? `Staff member ${id}`),
    teamName: (id, given) => given ?? (id === null || id === undefined ? "" : teamById.get(id)?.name ?? `Team ${id}`),
    serviceName: (id, given) => given ?? (id === null || id === undefined ? "" : serviceById.get(id)?.name ?? `Service ${id}`),
    team: (id) => teamById.get(id) ?? null,
    // A change's actor in words: "person:ann@x.org" -> "Ann Smith"; a token's name as it is.
    actorName: (actor) => {
      if (!String(actor).startsWith("person:")) return actor;
      const address = actor.slice("person:".length).toLowerCase();
      return staff.staff.find((s) => s.email.toLowerCase() === address)?.name ?? address;
    },
  };
}
