import { UsageError, type Problem } from "../errors.js";
import { formatValidationErrors } from "../format-validation-errors.js";
import { getValidator, readSchema } from "../schema-registry.js";
import { findStarter, loadStarters } from "../starter-registry.js";
import type { StarterDefinition } from "../starter-definition.js";
import { collectProblems, type Options } from "../validate-options.js";
import type { Roster, RosterTeam } from "./read-roster.js";
import { teamSlug } from "./team-slug.js";

export interface TeamPlan {
  name: string;
  slug: string;
  starter: StarterDefinition;
  options: Options;
}

/** Names that must differ between teams sharing one cloud account, cluster or registry. */
const MUST_DIFFER = ["resourcePrefix", "k8sNamespace", "imageName", "metricPrefix"] as const;

function teamLabel(team: RosterTeam, index: number): string {
  return `teams[${index}] (${typeof team.name === "string" ? team.name : "?"})`;
}

/**
 * The options one single `create-devops-py` run would get for this team: cohort
 * defaults, then the team's options, then what the roster says about the team.
 */
export function teamOptions(roster: Roster, team: RosterTeam): Record<string, unknown> {
  const slug = teamSlug(team.name);
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
  return { ...derived, ...(roster.defaults ?? {}), ...(team.options ?? {}), template: team.starter };
}

/** Validate the whole roster; every problem (with team and field named) at once, or the plan. */
export async function validateRoster(roster: Roster): Promise<TeamPlan[]> {
  const validateShape = getValidator("cohort.schema.json");
  if (!validateShape(roster)) {
    const problems = formatValidationErrors(validateShape.errors ?? [], roster, readSchema("cohort.schema.json")).map((problem) => {
      const match = /^teams\[(\d+)\](.*)$/.exec(problem.option);
      const team = match ? (roster as Partial<Roster>).teams?.[Number(match[1])] : undefined;
      return team ? { ...problem, option: `${teamLabel(team, Number(match?.[1]))}${match?.[2] ?? ""}` } : problem;
    });
    throw new UsageError("Invalid roster.", problems);
  }

  const ids = (await loadStarters()).map((starter) => starter.id);
  const problems: Problem[] = [];
  const plans: TeamPlan[] = [];
  const bySlug = new Map<string, string>();

  for (const [index, team] of roster.teams.entries()) {
    const label = teamLabel(team, index);
    const slug = teamSlug(team.name);
    const earlier = bySlug.get(slug);
    if (earlier !== undefined) {
      problems.push({ option: `${label}.name`, message: `duplicates team ${JSON.stringify(earlier)} (both become ${JSON.stringify(slug)})` });
      continue;
    }
    bySlug.set(slug, team.name);
    if (!ids.includes(team.starter)) {
      problems.push({ option: `${label}.starter`, message: `${JSON.stringify(team.starter)} is not a starter; use one of: ${ids.join(", ")}` });
      continue;
    }
    const result = await collectProblems(teamOptions(roster, team));
    for (const problem of result.problems) problems.push({ option: `${label}.options.${problem.option}`, message: problem.message });
    if (result.options) plans.push({ name: team.name, slug, starter: (await findStarter(team.starter)) as StarterDefinition, options: result.options });
  }

  for (const key of MUST_DIFFER) {
    const owners = new Map<string, string[]>();
    for (const plan of plans) {
      const value = String(plan.options[key]);
      owners.set(value, [...(owners.get(value) ?? []), plan.name]);
    }
    for (const [value, teams] of owners) {
      if (teams.length > 1) {
        problems.push({ option: key, message: `${JSON.stringify(value)} would be shared by teams ${teams.map((t) => JSON.stringify(t)).join(", ")}; give each team its own` });
      }
    }
  }
  if (problems.length > 0) throw new UsageError("Invalid roster.", problems);
  return plans;
}
