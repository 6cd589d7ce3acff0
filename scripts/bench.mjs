#!/usr/bin/env node
// Speed figures, measured side by side in one run (never a timed test):
//   1. cohort mode: a 100-team roster (every starter, git init + first commit each)
//   2. the same 100 teams the way facilitators script it today: one CLI process per team
// Prints time per team, totals, the ratio, and each process's peak memory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "src", "cli.js");
const TEAMS = Number(process.env.BENCH_TEAMS ?? 100);
const TARGET_SECONDS = 15;
const PYTEST_BUDGET = 10;
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

const starters = readdirSync(join(root, "dist", "generators"))
  .filter((file) => file.endsWith(".js"))
  .map((file) => file.replace(/\.js$/, ""));

/** Run a command; return wall seconds and peak RSS in MiB (when /usr/bin/time exists). */
function measure(command, args, cwd) {
  const started = process.hrtime.bigint();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M", command, ...args], { cwd, encoding: "utf8" })
    : spawnSync(command, args, { cwd, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
  }
  const rssKiB = timeBin ? Number(result.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, rssMiB: rssKiB / 1024 };
}

const work = mkdtempSync(join(tmpdir(), "create-devops-py-bench-"));
try {
  const teams = Array.from({ length: TEAMS }, (_, i) => ({
    name: `Team ${String(i + 1).padStart(3, "0")}`,
    starter: starters[i % starters.length],
    members: [
      { name: `Lead ${i}`, email: `lead${i}@example.com` },
      { name: `Dev ${i}`, email: `dev${i}@example.com` },
    ],
  }));
  writeFileSync(join(work, "roster.json"), JSON.stringify({ defaults: { ci: "both", kubernetes: true }, teams }));

  const cohort = measure(process.execPath, [cli, "cohort", "roster.json", "--out", "cohort", "--json"], work);

  // Baseline: one process per team with the same answers.
  let loopSeconds = 0;
  let loopPeak = 0;
  for (const [i, team] of teams.entries()) {
    const answers = join(work, `answers-${i}.json`);
    writeFileSync(
      answers,
      JSON.stringify({ template: team.starter, ci: "both", kubernetes: true, authorName: team.members[0].name, authorEmail: team.members[0].email }),
    );
    const single = measure(process.execPath, [cli, join("loop", `team-${i}`), "--answers", answers, "--yes"], work);
    loopSeconds += single.seconds;
    loopPeak = Math.max(loopPeak, single.rssMiB);
  }

  const row = (label, seconds, rss) =>
    `${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${((seconds / TEAMS) * 1000).toFixed(0).padStart(5)} ms/team  ${Number.isNaN(rss) ? "   n/a" : rss.toFixed(0).padStart(6)} MiB peak`;
  console.log(`create-devops-py bench: ${TEAMS} teams over ${starters.length} starters, git init + first commit each`);
  console.log(row("cohort (one process)", cohort.seconds, cohort.rssMiB));
  console.log(row("one process per team (baseline)", loopSeconds, loopPeak));
  console.log(`ratio baseline / cohort: ${(loopSeconds / cohort.seconds).toFixed(2)}x`);
  console.log(`target: ${TEAMS} teams in under ${TARGET_SECONDS} s -> ${cohort.seconds < TARGET_SECONDS ? "met" : "NOT met"} (${cohort.seconds.toFixed(2)} s)`);

  // A single project next to create-vite (installed from the npm registry into the bench
  // directory), the usual speed reference of a `npm create` scaffolder.
  const viteDir = join(work, "vite");
  const installed = spawnSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefix", viteDir, "create-vite@latest"], { encoding: "utf8" });
  const RUNS = 10;
  const average = (make) => {
    let total = 0;
    for (let i = 0; i < RUNS; i += 1) total += make(i).seconds;
    return total / RUNS;
  };
  const ours = average((i) => measure(process.execPath, [cli, join("single", `nogit-${i}`), "--template", "config-manager", "--yes", "--no-git"], work));
  const oursGit = average((i) => measure(process.execPath, [cli, join("single", `git-${i}`), "--template", "config-manager", "--yes"], work));
  console.log(`\none project, mean of ${RUNS} runs`);
  console.log(`create-devops-py, no git           ${(ours * 1000).toFixed(0).padStart(6)} ms`);
  console.log(`create-devops-py, git init+commit  ${(oursGit * 1000).toFixed(0).padStart(6)} ms`);
  if (installed.status === 0) {
    const viteBin = join(viteDir, "node_modules", "create-vite", "index.js");
    const vite = average((i) => measure(process.execPath, [viteBin, join("vite-apps", `app-${i}`), "--template", "vanilla-ts"], work));
    console.log(`create-vite (vanilla-ts, no git)   ${(vite * 1000).toFixed(0).padStart(6)} ms`);
    console.log(`ratio create-devops-py / create-vite (both without git): ${(ours / vite).toFixed(2)}x`);
  } else {
    console.log(`create-vite: not measured (npm install failed: ${installed.stderr.trim().split("\n")[0]})`);
  }

  // Each starter's own test suite against its 10 s budget, one at a time (BENCH_PYTEST=0 skips).
  if (process.env.BENCH_PYTEST !== "0") {
    const uv = existsSync(join(root, ".cache", "gate-tools", "bin", "uv")) ? join(root, ".cache", "gate-tools", "bin", "uv") : "uv";
    const env = { ...process.env, UV_PYTHON_DOWNLOADS: "never", PYTHONDONTWRITEBYTECODE: "", NO_COLOR: "1" };
    console.log(`\nstarter test suites (pytest wall time, defaults, budget ${PYTEST_BUDGET} s; first run compiles bytecode)`);
    for (const starter of starters) {
      const dir = join(work, "suites", starter);
      measure(process.execPath, [cli, dir, "--template", starter, "--yes", "--no-git"], work);
      for (const args of [["venv", "--quiet", ".venv"], ["pip", "install", "--quiet", "-e", ".", "--group", "dev"]]) {
        const done = spawnSync(uv, args, { cwd: dir, env, encoding: "utf8" });
        if (done.status !== 0) throw new Error(`uv ${args.join(" ")}: ${done.stderr}`);
      }
      const pytest = join(dir, ".venv", "bin", "pytest");
      const suiteEnv = { ...env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test" };
      const run = () => {
        const started = process.hrtime.bigint();
        const done = spawnSync(pytest, ["-q", "-p", "no:cacheprovider"], { cwd: dir, env: suiteEnv, encoding: "utf8" });
        if (done.status !== 0) throw new Error(`${starter} pytest failed:\n${done.stdout}`);
        return Number(process.hrtime.bigint() - started) / 1e9;
      };
      const first = run();
      const second = run();
      console.log(`${starter.padEnd(22)} first ${first.toFixed(2).padStart(6)} s  again ${second.toFixed(2).padStart(6)} s  ratio to budget ${(second / PYTEST_BUDGET).toFixed(2)}  ${second < PYTEST_BUDGET ? "ok" : "OVER"}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
