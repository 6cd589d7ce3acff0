import { UsageError, type Problem } from "../errors.js";
import { readBoundedText, readDataFile } from "../read-data-file.js";
import { parseCsv } from "./parse-csv.js";

export interface RosterMember {
  name: string;
  email: string;
  handle?: string;
}

export interface RosterTeam {
  name: string;
  starter: string;
  members: RosterMember[];
  options?: Record<string, unknown>;
}

export interface Roster {
  defaults?: Record<string, unknown>;
  teams: RosterTeam[];
}

const CSV_COLUMNS = ["team", "starter", "name", "email"];

/** A CSV roster has one row per member: team, starter, name, email[, handle]. */
function rosterFromCsv(path: string): Roster {
  const [header = [], ...rows] = parseCsv(readBoundedText(path, "roster"), path);
  const columns = header.map((cell) => cell.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new UsageError("Invalid CSV roster.", [
      { option: "roster", message: `${path}: the header must name the columns ${CSV_COLUMNS.join(", ")} (and optionally handle); missing: ${missing.join(", ")}` },
    ]);
  }
  const at = (row: string[], column: string) => (row[columns.indexOf(column)] ?? "").trim();
  const teams = new Map<string, RosterTeam>();
  const problems: Problem[] = [];
  rows.forEach((row, index) => {
    const teamName = at(row, "team");
    const starter = at(row, "starter");
    let team = teams.get(teamName);
    if (!team) {
      team = { name: teamName, starter, members: [] };
      teams.set(teamName, team);
    } else if (starter && team.starter !== starter) {
      problems.push({ option: `row ${index + 2}`, message: `team ${JSON.stringify(teamName)} already uses starter ${JSON.stringify(team.starter)}, not ${JSON.stringify(starter)}` });
    }
    const member: RosterMember = { name: at(row, "name"), email: at(row, "email") };
    if (columns.includes("handle") && at(row, "handle")) member.handle = at(row, "handle");
    team.members.push(member);
  });
  if (problems.length > 0) throw new UsageError("Invalid CSV roster.", problems);
  return { teams: [...teams.values()] };
}

/** A parsed JSON/YAML roster; `$schema` is for editors, not part of the roster. */
export function rosterFromData(data: Record<string, unknown>): Roster {
  const { $schema: _schema, ...roster } = data;
  return roster as unknown as Roster;
}

export function readRoster(path: string): Roster {
  return /\.csv$/i.test(path) ? rosterFromCsv(path) : rosterFromData(readDataFile(path, "roster"));
}
