/**
 * The README's quick start runs the project's tools through `uv run`; every other
 * command the README shows (tables, shell blocks, inline) must be in that same form, so a
 * reader who followed the quick start can copy any of them as written.
 */
import { describe, expect, it } from "vitest";
import { planProject } from "../../src/plan-project.js";
import { loadStarters } from "../../src/starter-registry.js";
import { validateOptions } from "../../src/validate-options.js";

const NAME = "my-project";
// What lives in the project's virtualenv: the console script and the dev tools.
const VENV_TOOLS = [NAME, "pytest", "ruff", "mypy", "python", "pre-commit"];

interface Command {
  where: string;
  text: string;
}

/** Commands a reader would copy: first cells of tables, shell-block lines, inline code at a sentence's start. */
function readmeCommands(readme: string): Command[] {
  const commands: Command[] = [];
  let fence: string | null = null;
  for (const [index, line] of readme.split("\n").entries()) {
    const where = `README.md:${index + 1}`;
    const opening = /^```(\w*)/.exec(line);
    if (opening) {
      fence = fence === null ? (opening[1] ?? "") : null;
      continue;
    }
    if (fence !== null) {
      if (/^(bash|sh|shell|console)?$/.test(fence) && line.trim() !== "") commands.push({ where, text: line.replace(/\s+#.*$/, "").trim() });
      continue;
    }
    const cell = /^\| `([^`]+)`/.exec(line);
    if (cell) {
      commands.push({ where, text: cell[1] as string });
      continue;
    }
    // Inline code that runs the console script ("`my-project demo` runs …"), not the bare name.
    for (const inline of line.matchAll(/`([^`]+)`/g)) {
      const text = inline[1] as string;
      if (text.startsWith(`${NAME} `)) commands.push({ where, text });
    }
  }
  return commands;
}

/** A command that starts a venv tool bare, where the quick start says `uv run`. */
function bareVenvCommand(command: string): boolean {
  const words = command.replace(/^(\w+=\S+\s+)+/, "").split(/\s+/);
  return VENV_TOOLS.includes(words[0] as string);
}

const starters = await loadStarters();

describe("README commands use the quick start's form", () => {
  it.each(starters.map((starter) => [starter.id, starter] as const))("%s", async (id, starter) => {
    const options = await validateOptions({ template: id, name: NAME, ci: "both", kubernetes: true });
    const readme = planProject(options, starter).find((file) => file.path === "README.md")?.contents ?? "";
    const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
    // The premise: the quick start itself runs the console script and pytest through uv run.
    expect(quickStart).toContain(`uv run ${NAME} `);
    expect(quickStart).toContain("uv run pytest");

    const commands = readmeCommands(readme);
    expect(commands.filter((c) => c.text.includes(NAME)).length).toBeGreaterThan(0);
    const bare = commands.filter((c) => bareVenvCommand(c.text)).map((c) => `${c.where}: ${c.text}`);
    expect(bare).toEqual([]);
  });

  it("finds a bare command in a table, a shell block and inline text", () => {
    const sample = [
      "| command | what |",
      "|---|---|",
      `| \`${NAME} demo\` | the demo |`,
      "```bash",
      `${NAME} run --demo   # comment`,
      "```",
      `Run \`${NAME} serve\` to start.`,
    ].join("\n");
    expect(readmeCommands(sample).filter((c) => bareVenvCommand(c.text)).map((c) => c.text)).toEqual([
      `${NAME} demo`,
      `${NAME} run --demo`,
      `${NAME} serve`,
    ]);
    expect(bareVenvCommand(`uv run ${NAME} demo`)).toBe(false);
    expect(bareVenvCommand(`TEST_DATABASE_URL=x uv run pytest -m integration`)).toBe(false);
    expect(bareVenvCommand(`TEST_DATABASE_URL=x pytest -m integration`)).toBe(true);
  });
});
