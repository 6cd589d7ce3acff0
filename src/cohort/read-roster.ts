import { resolve } from "node:path";
import { UsageError, type Problem } from "../errors.js";
import { didYouMean } from "../did-you-mean.js";
import { baseFields, starterOwnFields, toKebab, type OptionField } from "../option-fields.js";
import { convert } from "../parse-cli-args.js";
import { readBoundedText, readDataFile } from "../read-data-file.js";
import { echo, showValue } from "../safe-text.js";
import { loadStarters } from "../starter-registry.js";
import { parseCsv } from "./parse-csv.js";
import { dataFileLocator, rosterLocator, setRosterLocator } from "./roster-locations.js";

export interface RosterMember {
  name: string;
  email: string;
  handle?: string;
}

export interface RosterTeam {
  name: string;
  /** Directory and prefix name; needed when the name has no Latin letters or digits. */
  slug?: string;
  starter: string;
  members: RosterMember[];
  options?: Record<string, unknown>;
}

export interface Roster {
  defaults?: Record<string, unknown>;
  teams: RosterTeam[];
}

const CSV_COLUMNS = ["team", "starter", "name", "email"];
const CSV_OPTIONAL = ["handle", "slug"];

/** Every option any starter has, by the names a CSV header may use (key or kebab-case flag name). */
async function optionColumns(): Promise<Map<string, OptionField>> {
  const fields = [...baseFields(), ...(await loadStarters()).flatMap((starter) => starterOwnFields(starter.id))];
  const byName = new Map<string, OptionField>();
  for (const field of fields) {
    if (field.key === "template" || field.key === "name") continue;
    byName.set(field.key.toLowerCase(), field);
    byName.set(toKebab(field.key), field);
  }
  return byName;
}

/**
 * A CSV roster has one row per member: team, starter, name, email[, handle, slug], and
 * any option column (`ci`, `license`, `currency`, `exchange-rate`…) for that row's
 * team; cohort defaults come from `--defaults <file>`. Rows are named as rows.
 */
async function rosterFromCsv(path: string, shown: string): Promise<Roster> {
  // Regular files of bounded size only (a FIFO or /dev/zero is refused at once).
  const text = readBoundedText(path, "roster");
  const [header = [], ...rows] = parseCsv(text, shown);
  const columns = header.map((cell) => cell.trim());
  const lower = columns.map((column) => column.toLowerCase());
  const missing = CSV_COLUMNS.filter((column) => !lower.includes(column));
  const options = await optionColumns();
  const problems: Problem[] = [];
  if (missing.length > 0) {
    problems.push({ option: `${echo(shown)} row 1`, message: `the header must name the columns ${CSV_COLUMNS.join(", ")} (optionally ${CSV_OPTIONAL.join(", ")} and option columns); missing: ${missing.join(", ")}` });
  }
  const optionAt = new Map<number, OptionField>();
  lower.forEach((column, index) => {
    if (CSV_COLUMNS.includes(column) || CSV_OPTIONAL.includes(column)) return;
    const field = options.get(column) ?? options.get(columns[index] as string);
    if (field) optionAt.set(index, field);
    else {
      const names = [...CSV_COLUMNS, ...CSV_OPTIONAL, ...new Set([...options.values()].map((f) => f.key))];
      problems.push({ option: `${echo(shown)} row 1, column ${echo(columns[index] as string, 60)}`, message: `is not a roster column or an option of any starter${didYouMean(columns[index] as string, names)}` });
    }
  });
  if (problems.length > 0) throw new UsageError("Invalid CSV roster.", problems);

  const at = (row: string[], column: string) => (row[lower.indexOf(column)] ?? "").trim();
  const teams = new Map<string, RosterTeam>();
  // Where each team and member came from: team -> first row, member -> its row, option -> its row.
  const teamRows: number[] = [];
  const memberRows: number[][] = [];
  const optionRows: Map<string, number>[] = [];
  rows.forEach((row, index) => {
    const rowNumber = index + 2;
    const where = (column: string) => `${echo(shown)} row ${rowNumber}, column ${column}`;
    const teamName = at(row, "team");
    const starter = at(row, "starter");
    const slug = at(row, "slug");
    let team = teams.get(teamName);
    if (!team) {
      team = { name: teamName, starter, members: [] };
      teams.set(teamName, team);
      teamRows.push(rowNumber);
      memberRows.push([]);
      optionRows.push(new Map());
    } else if (starter && team.starter !== starter) {
      problems.push({ option: where("starter"), message: `team ${showValue(teamName)} already uses starter ${showValue(team.starter)} (row ${teamRows[[...teams.keys()].indexOf(teamName)]}), not ${showValue(starter)}` });
    }
    const teamIndex = [...teams.keys()].indexOf(teamName);
    if (slug) {
      if (team.slug !== undefined && team.slug !== slug) problems.push({ option: where("slug"), message: `team ${showValue(teamName)} already has slug ${showValue(team.slug)}, not ${showValue(slug)}` });
      team.slug = slug;
    }
    for (const [column, field] of optionAt) {
      const raw = (row[column] ?? "").trim();
      if (raw === "") continue;
      const value = convert(field, raw, undefined);
      team.options ??= {};
      const earlier = team.options[field.key];
      if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(value)) {
        problems.push({ option: where(columns[column] as string), message: `team ${showValue(teamName)} already has ${field.key} ${showValue(earlier)}, not ${showValue(value)}` });
        continue;
      }
      team.options[field.key] = value;
      (optionRows[teamIndex] as Map<string, number>).set(field.key, rowNumber);
    }
    const member: RosterMember = { name: at(row, "name"), email: at(row, "email") };
    if (lower.includes("handle") && at(row, "handle")) member.handle = at(row, "handle");
    team.members.push(member);
    (memberRows[teamIndex] as number[]).push(rowNumber);
  });
  if (problems.length > 0) throw new UsageError("Invalid CSV roster.", problems);
  const roster: Roster = { teams: [...teams.values()] };
  const memberColumn: Record<string, string> = { name: "name", email: "email", handle: "handle" };
  setRosterLocator(roster, (path) => {
    const [first, team, part, item, field] = path;
    if (first !== "teams" || typeof team !== "number") return { where: echo(shown), csv: true };
    if (part === "members" && typeof item === "number") {
      const row = memberRows[team]?.[item] ?? teamRows[team];
      return { where: `${echo(shown)} row ${row}${typeof field === "string" ? `, column ${memberColumn[field] ?? field}` : ""}`, csv: true };
    }
    if (part === "options" && typeof item === "string") {
      const row = optionRows[team]?.get(item);
      if (row !== undefined) return { where: `${echo(shown)} row ${row}, column ${echo(item, 60)}`, csv: true };
    }
    const column = part === "name" ? "team" : typeof part === "string" && part !== "options" ? part : undefined;
    return { where: `${echo(shown)} row ${teamRows[team]}${column ? `, column ${column}` : ""}`, csv: true };
  });
  return roster;
}

/** A parsed JSON/YAML roster; `$schema` is for editors, not part of the roster. */
export function rosterFromData(data: Record<string, unknown>, absolute?: string, shown?: string): Roster {
  const { $schema: _schema, ...rest } = data;
  const roster = rest as unknown as Roster;
  if (absolute) setRosterLocator(roster, dataFileLocator(absolute, shown ?? absolute));
  return roster;
}

export async function readRoster(path: string, shown = path): Promise<Roster> {
  return /\.csv$/i.test(path) ? rosterFromCsv(path, shown) : rosterFromData(readDataFile(shown, "roster"), path, shown);
}

/** `--defaults <file>`: cohort defaults for any roster (a CSV has no place for them); the roster's own win. */
export function withDefaultsFile(roster: Roster, path: string, shown: string, cwd: string): Roster {
  const absolute = resolve(cwd, path);
  const { $schema: _schema, ...defaults } = readDataFile(path, "--defaults");
  const merged: Roster = { ...roster, defaults: { ...defaults, ...(roster.defaults ?? {}) } };
  const own = rosterLocator(roster);
  const fromFile = dataFileLocator(absolute, shown);
  setRosterLocator(merged, (keyPath) => {
    const [first, key] = keyPath;
    const inRoster = roster.defaults !== undefined && typeof key === "string" && key in roster.defaults;
    if (first === "defaults" && !inRoster) return fromFile(keyPath.slice(1));
    return own ? own(keyPath) : { where: shown, csv: false };
  });
  return merged;
}
