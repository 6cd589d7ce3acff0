import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

async function refused(args: string[], option: RegExp, cwd = tempDir()) {
  const before = readdirSync(cwd).sort();
  const result = await runCli(args, cwd);
  expect(result.code, result.stdout + result.stderr).toBe(2);
  expect(result.stderr).toMatch(option);
  expect(readdirSync(cwd).sort()).toEqual(before);
}

const CREATE = (template = "cost-engine") => ["proj", "--template", template, "--yes"];

describe("names and free text that git, the installer or Kubernetes cannot take are refused", () => {
  it.each([
    ["an author name of only punctuation (git: name consists only of disallowed characters)", ["--author-name", "."], /--author-name: "\." is not valid/],
    ["an author name of only spaces", ["--author-name", "   "], /--author-name: .* is not valid/],
    ["an author name with < > (git drops them)", ["--author-name", "Ann <ann@x>"], /--author-name: .* is not valid/],
    ["a description of only spaces", ["--description", "   "], /description: .* is not valid/],
    ["a bidi override in the description (Trojan Source)", ["--description", "safe \u202Eevil"], /description: .* not valid.*bidirectional/],
    ["a bidi isolate in the author name", ["--author-name", "Ann \u2067x"], /--author-name: .* is not valid/],
    ["a zero-width space in the author name", ["--author-name", "An\u200Bn"], /--author-name: .* is not valid/],
    ["a BOM (zero-width no-break space) in the description", ["--description", "x\uFEFFy"], /description: .* is not valid/],
  ])("%s", async (_label, args, option) => {
    await refused([...CREATE(), ...args], option);
  });

  it.each([
    ["a project named like a dependency (boto3)", "cost-engine", ["--name", "boto3"], /name: "boto3" is a dependency of the cost-engine starter/],
    ["a project named like a dev dependency (pytest)", "monitoring", ["--name", "pytest"], /name: "pytest" is a dependency/],
    ["a project named like a dependency, other spelling (Prometheus_Client -> prometheus-client)", "monitoring", ["--name", "prometheus-client"], /name: "prometheus-client" is a dependency/],
    ["a package that shadows an imported module (yaml)", "config-manager", ["--name", "my-conf", "--package-name", "yaml"], /--package-name: "yaml" would shadow/],
    ["a package derived from the name that shadows an import (yaml)", "config-manager", ["--name", "yaml"], /--package-name: "yaml" would shadow .*comes from the project name/],
    ["the namespace default", "cost-engine", ["--k8s-namespace", "default"], /--k8s-namespace: "default" is reserved by Kubernetes/],
    ["a kube-* namespace", "cost-engine", ["--k8s-namespace", "kube-system"], /--k8s-namespace: "kube-system" is reserved/],
    ["a project whose name makes the namespace default", "cost-engine", ["--name", "default"], /--k8s-namespace: "default" is reserved/],
  ])("%s", async (_label, template, args, option) => {
    await refused(["--template", template, "--yes", ...args], option);
  });

  it("a roster member named '.' and a team name with a zero-width joiner: every problem at once, nothing written", async () => {
    const cwd = tempDir();
    const roster = {
      teams: [
        { name: "Dots", starter: "cost-engine", members: [{ name: ".", email: "d@example.com" }] },
        { name: "Zero\u200Dwidth", starter: "cost-engine", members: [{ name: "Ann", email: "a@example.com" }] },
      ],
    };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster));
    const result = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/teams\[0\].*name/);
    expect(result.stderr).toMatch(/teams\[1\].*name/);
    expect(readdirSync(cwd)).toEqual(["roster.yaml"]);
  });
});

describe("free text in the README and LICENSE reads back as the same text", () => {
  it("a description with an unclosed HTML comment and Markdown is escaped; the rest of the README stays visible", async () => {
    const cwd = tempDir();
    const description = "Costs <!-- hidden? *not bold* [not a link](x) & $math$";
    const result = await runCli([...CREATE(), "--description", description, "--author-name", "O'Brien & Søn *Ltd*"], cwd);
    expect(result.code, result.stderr).toBe(0);
    const readme = readFileSync(join(cwd, "proj", "README.md"), "utf8").split("\n");
    expect(readme[2]).toBe(String.raw`Costs \<!-- hidden? \*not bold\* \[not a link\](x) \& \$math\$`);
    expect(readme.join("\n")).not.toMatch(/(?<!\\)<!--/);
    // LICENSE is plain text (GitHub shows it verbatim): the name is written exactly as given.
    expect(readFileSync(join(cwd, "proj", "LICENSE"), "utf8")).toContain("O'Brien & Søn *Ltd*");
  });
});
