import { UsageError, type Problem } from "../errors.js";
import { didYouMean } from "../did-you-mean.js";
import { keyPathOf, type KeyPath } from "../file-locations.js";
import { formatValidationErrors } from "../format-validation-errors.js";
import { echo, showValue } from "../safe-text.js";
import { getValidator, readSchema } from "../schema-registry.js";
import { findStarter, loadStarters } from "../starter-registry.js";
import type { StarterDefinition } from "../starter-definition.js";
import { collectProblems, topKey, type Options } from "../validate-options.js";
import type { Roster, RosterTeam } from "./read-roster.js";
import { rosterLocator } from "./roster-locations.js";
import { teamSlug } from "./team-slug.js";

export interface TeamPlan {
  name: string;
  slug: string;
  starter: StarterDefinition;
  options: Options;
}

/** Names that must differ between teams sharing one cloud account, cluster or registry. */
const MUST_DIFFER = ["resourcePrefix", "k8sNamespace", "imageName", "metricPrefix"] as const;

/** Options a roster fills from the team itself, and where in the team they come from. */
const FROM_TEAM: Record<string, (team: RosterTeam) => KeyPath> = {
  name: (team) => [team.slug === undefined ? "name" : "slug"],
  packageName: (team) => [team.slug === undefined ? "name" : "slug"],
  resourcePrefix: (team) => [team.slug === undefined ? "name" : "slug"],
  k8sNamespace: (team) => [team.slug === undefined ? "name" : "slug"],
  imageName: (team) => [team.slug === undefined ? "name" : "slug"],
  metricPrefix: (team) => [team.slug === undefined ? "name" : "slug"],
  authorName: () => ["members", 0, "name"],
  authorEmail: () => ["members", 0, "email"],
  codeOwners: () => ["members"],
};

export function slugOf(team: RosterTeam): string {
  return team.slug ?? teamSlug(team.name);
}

/** The handles of a team's members, in roster order, each once. */
function handlesOf(team: RosterTeam): string[] {
  return [...new Set(team.members.map((member) => member.handle).filter((handle): handle is string => typeof handle === "string" && handle !== ""))];
}

/**
 * The options one single `create-devops-py` run would get for this team: cohort
 * defaults, then the team's options, then what the roster says about the team.
 */
export function teamOptions(roster: Roster, team: RosterTeam): Record<string, unknown> {
  const slug = slugOf(team);
  const [first, ...others] = team.members;
  const derived: Record<string, unknown> = {
    name: slug,
    resourcePrefix: slug,
    k8sNamespace: slug,
    imageName: slug,
    metricPrefix: slug.replaceAll("-", "_"),
  };
  if (first) {
    derived.authorName = first.name;
    derived.authorEmail = first.email;
    derived.coAuthors = others.map((member) => ({ name: member.name, email: member.email }));
  }
  const handles = handlesOf(team);
  if (handles.length > 0) derived.codeOwners = handles;
  return { ...derived, ...(roster.defaults ?? {}), ...(team.options ?? {}), template: team.starter };
}

/** The text of a roster path with team names: `teams[1] (Beta).options.ci`. */
function pathText(roster: Roster, path: KeyPath): string {
  return path
    .map((part, index) => {
      if (typeof part === "number") {
        const team = index === 1 && path[0] === "teams" ? roster.teams?.[part] : undefined;
        const name = team && typeof team.name === "string" ? ` (${echo(team.name, 40)})` : "";
        return `[${part}]${name}`;
      }
      return index === 0 ? echo(part, 60) : `.${echo(part, 60)}`;
    })
    .join("");
}

/** A roster place in the author's words: `roster.yaml:9 teams[3] (Gamma).members[0].email` or `roster.csv row 5, column email (team "Gamma")`. */
function labeller(roster: Roster): (path: KeyPath, suffix?: string) => string {
  const locate = rosterLocator(roster);
  return (path, suffix = "") => {
    const place = locate?.(path);
    if (!place) return `${pathText(roster, path)}${suffix}`;
    if (!place.csv) return `${place.where} ${pathText(roster, path)}${suffix}`;
    const team = path[0] === "teams" && typeof path[1] === "number" ? roster.teams?.[path[1]] : undefined;
    const teamName = team && typeof team.name === "string" ? ` (team ${showValue(team.name, 40)})` : "";
    const key = path[0] === "defaults" ? ` ${pathText(roster, path)}` : "";
    return `${place.where}${key}${teamName}${suffix}`;
  };
}

/** Where an option of a team's resolved options was written in the roster. */
function optionPath(roster: Roster, team: RosterTeam, index: number, option: string): KeyPath {
  const key = topKey(option);
  const rest = keyPathOf(option).slice(1);
  if (team.options && key in team.options) return ["teams", index, "options", key, ...rest];
  if (roster.defaults && key in roster.defaults) return ["defaults", key, ...rest];
  if (key === "coAuthors" && typeof rest[0] === "number") return ["teams", index, "members", rest[0] + 1, ...rest.slice(1)];
  const fromTeam = FROM_TEAM[key];
  if (fromTeam) return ["teams", index, ...fromTeam(team)];
  return ["teams", index, "options", key, ...rest];
}

/** Validate the whole roster; every problem (with team, field and place named) at once, or the plan. */
export async function validateRoster(roster: Roster): Promise<TeamPlan[]> {
  const label = labeller(roster);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (problem: Problem) => {
    const key = `${problem.option}\u0000${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };

  const validateShape = getValidator("cohort.schema.json");
  if (!validateShape(roster)) {
    for (const problem of formatValidationErrors(validateShape.errors ?? [], roster, readSchema("cohort.schema.json"))) {
      add({ ...problem, option: label(keyPathOf(problem.option)) });
    }
  }
  // Teams whose shape is too broken to plan are only reported; every other team is checked in full.
  const teams = Array.isArray(roster.teams) ? roster.teams : [];
  const usable = (team: RosterTeam) =>
    team !== null && typeof team === "object" && typeof team.name === "string" && typeof team.starter === "string" && Array.isArray(team.members);

  const ids = (await loadStarters()).map((starter) => starter.id);
  const plans: TeamPlan[] = [];
  const bySlug = new Map<string, string>();

  for (const [index, team] of teams.entries()) {
    if (!usable(team)) continue;
    const slug = slugOf(team);
    let plannable = true;
    if (slug === "") {
      add({ option: label(["teams", index, "name"]), message: `has no Latin letters or digits to name the team's directory; give the team a slug (e.g. slug: team-${index + 1})` });
      plannable = false;
    } else {
      const earlier = bySlug.get(slug);
      if (earlier !== undefined) {
        add({ option: label(["teams", index, team.slug === undefined ? "name" : "slug"]), message: `duplicates team ${showValue(earlier)} (both become ${showValue(slug)}); give one of them its own slug` });
        plannable = false;
      } else bySlug.set(slug, team.name);
    }
    if (!ids.includes(team.starter)) {
      const hint = didYouMean(team.starter, ids);
      add({ option: label(["teams", index, "starter"]), message: `${showValue(team.starter)} is not a starter${hint ? `${hint} Starters:` : "; use one of:"} ${ids.join(", ")}` });
      continue;
    }
    // A team without a usable slug is still checked in full, under a stand-in name.
    const result = await collectProblems(teamOptions(roster, slug === "" ? { ...team, slug: `team-${index + 1}` } : team));
    for (const problem of result.problems) {
      const path = optionPath(roster, team, index, problem.option);
      // A bad default is one problem, however many teams inherit it.
      add({ option: label(path), message: problem.message });
    }
    if (result.options && plannable) plans.push({ name: team.name, slug, starter: (await findStarter(team.starter)) as StarterDefinition, options: result.options });
  }

  for (const key of MUST_DIFFER) {
    const owners = new Map<string, string[]>();
    for (const plan of plans) {
      const value = String(plan.options[key]);
      owners.set(value, [...(owners.get(value) ?? []), plan.name]);
    }
    for (const [value, names] of owners) {
      if (names.length > 1) {
        const where = roster.defaults && key in roster.defaults ? label(["defaults", key]) : key;
        add({ option: where, message: `${showValue(value)} would be shared by teams ${names.map((t) => showValue(t, 40)).join(", ")}; give each team its own` });
      }
    }
  }
  if (problems.length > 0) throw new UsageError(problems.length === 1 ? "Invalid roster." : `Invalid roster: ${problems.length} problems.`, problems);
  return plans;
}
