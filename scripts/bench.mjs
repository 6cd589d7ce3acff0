#!/usr/bin/env node
// Speed and size figures, measured side by side in one run (a script, never a timed test):
//   1. start-up: --version, --help and list against a bare `node -e 0`
//   2. generating each starter (--yes --no-git --no-lock) against create-vite `vanilla-ts`:
//      wall time in pairs on the scratch disk ($TMPDIR) and on a tmpfs, and instructions
//      (callgrind, where valgrind is installed)
//   3. cost-engine against cookiecutter and copier rendering an equivalent template built
//      here from our own output (same files; name, package name, description as variables)
//   4. the packed tarball installed into an empty directory: bytes, packages, npm time
//   5. time to the first prompt in a real terminal (tmux), next to create-vite's
//   6. cohort mode: 100 teams with git (and one process per team as the baseline); the
//      30-team cohort with uv.lock files when this build makes them
//   7. each starter's own test suite against its 10 s budget (BENCH_PYTEST=0 skips)
// Runs alternate between the contenders, round by round, and the figures are medians of
// wall time and of CPU time (user + sys of the process and its children, from wait4:
// steadier than wall time on a shared machine). Everything third-party is installed into
// the scratch directory (npm --prefix, a `python3 -m venv`), never globally.
// Figures are printed and written as JSON to $BENCH_JSON (default dist/bench.json).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, relative, sep } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const cli = join(root, Object.values(manifest.bin)[0]);
const node = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 7); // python tools, npm install, tmux
const TEAMS = Number(process.env.BENCH_TEAMS ?? 100);
const PYTEST_BUDGET = 10;
const TARGETS = { version: 1.3, generation: 1.0, cookiecutter: 0.4, copier: 0.2, runtimePackages: 3, installedBytes: 5 * 1024 * 1024, cohortSeconds: 15 };
const jsonPath = process.env.BENCH_JSON ?? join(root, "dist", "bench.json");

const starters = JSON.parse(spawnSync(node, [cli, "list", "--json"], { encoding: "utf8" }).stdout).map((starter) => starter.id).sort();

const work = mkdtempSync(join(tmpdir(), "create-devops-py-bench-"));
const cleanups = [work]; // scratch directories to remove at the end
const results = {
  when: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, loadavgAtStart: loadavg() },
  runs: RUNS,
  slowRuns: SLOW_RUNS,
  targets: TARGETS,
};

// ---------------------------------------------------------------------------------------
// A tiny resident measuring process: runs one command at a time and reports its wall time
// and its rusage (wait4), so a sample costs no interpreter start-up of its own.
const RUNNER = String.raw`
import json, os, subprocess, sys, time
for line in sys.stdin:
    spec = json.loads(line)
    with open(spec["log"], "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(spec["argv"], cwd=spec["cwd"], env=spec["env"], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "code": proc.returncode, "maxrssKiB": usage.ru_maxrss}), flush=True)
`;
const runner = spawn("python3", ["-u", "-c", RUNNER], { stdio: ["pipe", "pipe", "inherit"] });
const replies = createInterface({ input: runner.stdout })[Symbol.asyncIterator]();
// Without NODE_EXTRA_CA_CERTS: where it is set (as on this workplace's machines), every Node
// process parses that certificate bundle before its first line, tens of milliseconds the
// same for every contender, which would pull every ratio towards 1. No contender here
// makes a TLS connection; npm, which does, keeps the caller's environment.
const baseEnv = { ...process.env, NO_COLOR: "1" };
delete baseEnv.NODE_EXTRA_CA_CERTS;
const npmEnv = { ...process.env, NO_COLOR: "1" };

/** Run argv to completion: { wall, cpu } in seconds, peak RSS; throws on a non-zero exit. */
async function measure(argv, { cwd = work, env = baseEnv, allowFailure = false } = {}) {
  const log = join(work, "last-run.log");
  runner.stdin.write(`${JSON.stringify({ argv, cwd, env, log })}\n`);
  const { value } = await replies.next();
  const sample = JSON.parse(value);
  if (sample.code !== 0 && !allowFailure) {
    throw new Error(`${argv.join(" ")} exited ${sample.code}:\n${readFileSync(log, "utf8").slice(-2000)}`);
  }
  return sample;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Alternate the contenders round by round (the order rotates each round), after one
 * warm-up round that is not counted. Each contender is (round) => { argv, cwd?, env?, after? }.
 */
async function alternate(contenders, rounds) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -1; round < rounds; round += 1) {
    const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length]);
    for (const name of order) {
      const run = contenders[name](round + 1);
      const sample = await measure(run.argv, run);
      run.after?.();
      if (round >= 0) samples[name].push(sample);
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { wallMs: median(samples[name].map((s) => s.wall)) * 1000, cpuMs: median(samples[name].map((s) => s.cpu)) * 1000, runs: rounds }]),
  );
}

const ms = (value) => `${value.toFixed(0).padStart(6)} ms`;
const ratio = (a, b) => a / b;
const x = (value) => `${value.toFixed(2)}x`;
const verdict = (value, limit) => (value <= limit ? "met" : "MISSED");

function printTable(title, figures, baseline) {
  console.log(`\n${title}`);
  console.log(`${"".padEnd(36)} ${"wall".padStart(9)} ${"cpu".padStart(9)}${baseline ? `   ratio to ${baseline} (wall / cpu)` : ""}`);
  for (const [name, figure] of Object.entries(figures)) {
    const base = baseline ? figures[baseline] : undefined;
    const ratios = base && name !== baseline ? `   ${x(ratio(figure.wallMs, base.wallMs))} / ${x(ratio(figure.cpuMs, base.cpuMs))}` : "";
    console.log(`${name.padEnd(36)} ${ms(figure.wallMs)} ${ms(figure.cpuMs)}${ratios}`);
  }
}

/** Every file under dir, relative, with forward slashes. */
function files(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? files(dir, path) : [path];
  });
}

/** Package directories under a node_modules (scoped and nested ones included). */
function packagesIn(nodeModules) {
  if (!existsSync(nodeModules)) return [];
  const names = readdirSync(nodeModules)
    .filter((entry) => !entry.startsWith("."))
    .flatMap((entry) => (entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`) : [entry]));
  return names.flatMap((name) => [name, ...packagesIn(join(nodeModules, name, "node_modules"))]);
}

/** Apparent bytes and allocated disk bytes of a tree (links not followed). */
function footprint(dir) {
  let bytes = 0;
  let disk = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = lstatSync(path);
    disk += stat.blocks * 512;
    if (entry.isDirectory()) {
      const inner = footprint(path);
      bytes += inner.bytes;
      disk += inner.disk;
    } else bytes += stat.size;
  }
  return { bytes, disk };
}

/** Microseconds to create one small file in dir (100 made, then removed): how fast its disk makes files. */
function microsecondsPerFile(dir) {
  const probe = mkdtempSync(join(dir, "file-probe-"));
  const start = process.hrtime.bigint();
  for (let i = 0; i < 100; i += 1) writeFileSync(join(probe, `f${i}`), "x");
  const perFileUs = Number(process.hrtime.bigint() - start) / 1e3 / 100;
  rmSync(probe, { recursive: true, force: true });
  return perFileUs;
}

const npm = (args, cwd) => {
  const done = spawnSync("npm", args, { cwd, env: npmEnv, encoding: "utf8" });
  if (done.status !== 0) throw new Error(`npm ${args.join(" ")}: ${done.stderr}`);
  return done.stdout;
};

try {
  console.log(`create-devops-py bench: node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; medians of ${RUNS} alternating runs (${SLOW_RUNS} for the slow ones)`);
  // Every contender writes into the scratch directory (TMPDIR chooses it): how fast its disk
  // makes files matters, more for a tool that writes 67 than for one that writes 12.
  const perFileUs = microsecondsPerFile(work);
  console.log(`scratch ${work}: ${perFileUs.toFixed(0)} µs to create a file there`);
  results.scratch = { dir: work, perFileUs };

  // -------------------------------------------------------------------------------------
  // 1. Start-up
  const startup = await alternate(
    {
      "node -e 0": () => ({ argv: [node, "-e", "0"] }),
      ...(process.env.NODE_EXTRA_CA_CERTS ? { "node -e 0, NODE_EXTRA_CA_CERTS kept": () => ({ argv: [node, "-e", "0"], env: npmEnv }) } : {}),
      "create-devops-py --version": () => ({ argv: [node, cli, "--version"] }),
      "create-devops-py --help": () => ({ argv: [node, cli, "--help"] }),
      "create-devops-py list": () => ({ argv: [node, cli, "list"] }),
    },
    RUNS,
  );
  printTable(`1. start-up (whole process${process.env.NODE_EXTRA_CA_CERTS ? "; every contender without NODE_EXTRA_CA_CERTS but the row that says so" : ""})`, startup, "node -e 0");
  const versionRatio = ratio(startup["create-devops-py --version"].wallMs, startup["node -e 0"].wallMs);
  console.log(`target --version <= ${TARGETS.version}x node -e 0: ${verdict(versionRatio, TARGETS.version)} (${x(versionRatio)} wall, ${x(ratio(startup["create-devops-py --version"].cpuMs, startup["node -e 0"].cpuMs))} cpu)`);
  results.startup = startup;

  // -------------------------------------------------------------------------------------
  // 2. Each starter against create-vite (from the npm registry, into the scratch dir)
  const viteDir = join(work, "create-vite");
  mkdirSync(viteDir);
  npm(["install", "--silent", "--no-audit", "--no-fund", "--prefix", viteDir, "create-vite@latest"], work);
  const viteManifest = JSON.parse(readFileSync(join(viteDir, "node_modules", "create-vite", "package.json"), "utf8"));
  const viteBin = join(viteDir, "node_modules", "create-vite", typeof viteManifest.bin === "string" ? viteManifest.bin : Object.values(viteManifest.bin)[0]);
  /** Every starter against create-vite, each run writing its project into appsDir. */
  const generationIn = async (appsDir) => {
    mkdirSync(appsDir, { recursive: true });
    // Every run's project stays until the place is done: on an ext4 without a journal (the
    // disks of this workplace's machines), making a file skips every inode freed in the last
    // minute or more (the kernel's recently_deleted()), so removing each project before the
    // next run would make every run slower than the one before it, in proportion to the
    // files it makes. Nobody generates a project a second after deleting hundreds of files.
    const made = [];
    const fresh = (label) => (round) => {
      const dir = join(appsDir, `${label}-${round}`);
      made.push(dir);
      return { dir };
    };
    const contenders = {
      [`create-vite ${viteManifest.version} vanilla-ts`]: (round) => {
        const { dir } = fresh("vite")(round);
        // By name, in its cwd: create-vite takes even an absolute path as relative to the cwd
        // (it would make apps/<the whole path>/ and leave it behind).
        return { argv: [node, viteBin, basename(dir), "--template", "vanilla-ts", "--no-interactive"], cwd: appsDir };
      },
    };
    for (const starter of starters) {
      contenders[starter] = (round) => {
        const { dir } = fresh(starter)(round);
        // --no-lock: create-vite, cookiecutter and copier resolve no dependencies either; the
        // lock step (a uv lock against the index) is measured with the cohort below.
        return { argv: [node, cli, dir, "--template", starter, "--yes", "--no-git", "--no-lock"], cwd: appsDir };
      };
    }
    // Each starter in a pair with create-vite, the two alternating run by run: the ratio of a
    // pair's two runs, a fraction of a second apart, is steadier than one of medians taken
    // over a whole round of nine contenders, on a machine whose speed drifts by more than
    // the difference being measured.
    const viteName = Object.keys(contenders)[0];
    const figures = {};
    const pairRatios = {};
    const viteSamples = [];
    for (const starter of starters) {
      const samples = { vite: [], ours: [] };
      for (let round = -1; round < RUNS; round += 1) {
        const pair = round % 2 === 0 ? ["vite", "ours"] : ["ours", "vite"];
        for (const who of pair) {
          const run = who === "vite" ? contenders[viteName](`${starter}-${round + 1}`) : contenders[starter](round + 1);
          const sample = await measure(run.argv, run);
          run.after?.();
          if (round >= 0) samples[who].push(sample);
        }
      }
      viteSamples.push(...samples.vite);
      figures[starter] = { wallMs: median(samples.ours.map((s) => s.wall)) * 1000, cpuMs: median(samples.ours.map((s) => s.cpu)) * 1000, runs: RUNS };
      pairRatios[starter] = median(samples.ours.map((s, i) => s.wall / samples.vite[i].wall));
    }
    figures[viteName] = { wallMs: median(viteSamples.map((s) => s.wall)) * 1000, cpuMs: median(viteSamples.map((s) => s.cpu)) * 1000, runs: viteSamples.length };
    const worstRatio = Math.max(...Object.values(pairRatios));
    const perFileUs = microsecondsPerFile(appsDir);
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
    return { figures: { [viteName]: figures[viteName], ...Object.fromEntries(starters.map((starter) => [starter, figures[starter]])) }, viteName, pairRatios, worstRatio, perFileUs };
  };
  // Both on the scratch disk and, where Linux has one, in memory (tmpfs): we write 67 files
  // where create-vite writes 12, so a disk slow at making files (see its probe) widens the
  // gap by its own cost, which the tmpfs run leaves out.
  const places = [["scratch disk", join(work, "apps")]];
  const memory = "/dev/shm";
  if (process.platform === "linux" && existsSync(memory) && statfsSync(memory).type === 0x01021994) {
    places.push(["tmpfs", mkdtempSync(join(memory, "create-devops-py-bench-"))]);
    cleanups.push(places[1][1]);
  }
  results.generation = { createVite: viteManifest.version };
  for (const [index, [place, appsDir]] of places.entries()) {
    const { figures, viteName, pairRatios, worstRatio, perFileUs } = await generationIn(appsDir);
    printTable(`2${"ab"[index]}. one project, no git (whole process), written to the ${place} (${appsDir}, ${perFileUs.toFixed(0)} µs to create a file there)`, figures, viteName);
    console.log(`   median of the per-pair ratios (each run next to a create-vite run): ${starters.map((starter) => `${starter} ${x(pairRatios[starter])}`).join(", ")}`);
    console.log(`target every starter <= ${TARGETS.generation}x create-vite, on the ${place}: ${verdict(worstRatio, TARGETS.generation)} (slowest ${x(worstRatio)} wall, paired)`);
    results.generation[place === "tmpfs" ? "tmpfs" : "disk"] = { dir: appsDir, perFileUs, figures, pairRatios, worstRatio };
  }

  // Instructions, where valgrind is installed: callgrind counts the same for the same run,
  // whatever else the machine does, so this is the figure a noisy machine cannot blur. It
  // leaves out the kernel's time (making files), which the wall times above include.
  if (spawnSync("valgrind", ["--version"], { encoding: "utf8" }).status === 0) {
    const appsDir = places.at(-1)[1];
    const once = (argv, cwd) => {
      const out = join(work, "callgrind.out");
      const done = spawnSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, ...argv], { cwd, env: baseEnv, encoding: "utf8" });
      if (done.status !== 0) throw new Error(`callgrind ${argv.join(" ")}: ${done.stderr.slice(-500)}`);
      // Less the primality test Node runs at start-up on a number it draws at random: from 5M
      // to 15M instructions, run by run, whatever the program (callgrind_annotate comes with valgrind).
      const annotated = spawnSync("callgrind_annotate", ["--threshold=100", out], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      const draw = /^\s*([\d,]+)\s.*detail::sprp/m.exec(annotated.stdout ?? "");
      rmSync(out, { force: true });
      return Number(/Collected : (\d+)/.exec(done.stderr)?.[1]) - (draw ? Number(draw[1].replace(/,/g, "")) : 0);
    };
    // The median of three: under valgrind's one-thread-at-a-time scheduling, V8 sometimes
    // finishes an optimising (TurboFan) compile in the background before the process ends
    // and sometimes not, about 12M instructions either way, whatever the program.
    const CALLGRIND_RUNS = 3;
    const instructions = (argv, cwd, made) => {
      const counts = [];
      for (let i = 0; i < CALLGRIND_RUNS; i += 1) {
        counts.push(once(argv, cwd));
        if (made) rmSync(made, { recursive: true, force: true });
      }
      return median(counts);
    };
    const base = instructions([node, "-e", "0"], appsDir);
    const vite = instructions([node, viteBin, "vite-callgrind", "--template", "vanilla-ts", "--no-interactive"], appsDir, join(appsDir, "vite-callgrind"));
    console.log(`\n2c. instructions (callgrind, median of ${CALLGRIND_RUNS} runs each, less Node's start-up primality test on a random draw)`);
    console.log(`${"node -e 0".padEnd(36)} ${(base / 1e6).toFixed(1).padStart(8)}M`);
    console.log(`${`create-vite ${viteManifest.version} vanilla-ts`.padEnd(36)} ${(vite / 1e6).toFixed(1).padStart(8)}M   +${((vite - base) / 1e6).toFixed(1)}M over node`);
    const counts = { "node -e 0": base, createVite: vite };
    for (const starter of starters) {
      const dir = join(appsDir, `${starter}-callgrind`);
      counts[starter] = instructions([node, cli, dir, "--template", starter, "--yes", "--no-git", "--no-lock"], appsDir, dir);
      console.log(`${starter.padEnd(36)} ${(counts[starter] / 1e6).toFixed(1).padStart(8)}M   +${((counts[starter] - base) / 1e6).toFixed(1)}M over node   ${x(counts[starter] / vite)} of create-vite's`);
    }
    const worst = Math.max(...starters.map((starter) => counts[starter] / vite));
    console.log(`target every starter <= ${TARGETS.generation}x create-vite, in instructions: ${verdict(worst, TARGETS.generation)} (slowest ${x(worst)})`);
    results.generation.instructions = { counts, worstRatio: worst };
  }

  // -------------------------------------------------------------------------------------
  // 3. cost-engine against cookiecutter and copier on the equivalent template
  const venv = join(work, "venv");
  const venvMade = spawnSync("python3", ["-m", "venv", venv], { encoding: "utf8" });
  const pip = venvMade.status === 0 ? spawnSync(join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "cookiecutter", "copier"], { encoding: "utf8" }) : venvMade;
  if (pip.status !== 0) {
    console.log(`\n3. cookiecutter / copier: not measured (${(pip.stderr || "venv failed").trim().split("\n").pop()})`);
    results.templates = { error: pip.stderr };
  } else {
    const version = (tool) => spawnSync(join(venv, "bin", "python"), ["-c", `import importlib.metadata as m; print(m.version("${tool}"))`], { encoding: "utf8" }).stdout.trim();
    const NAME = "bench-costs-app";
    const PACKAGE = "bench_costs_app";
    const DESCRIPTION = "Bench project rendered by three tools.";
    const reference = join(work, "reference", NAME);
    await measure([node, cli, reference, "--template", "cost-engine", "--yes", "--no-git", "--no-lock", "--description", DESCRIPTION]);
    // Longest first, so a variable's text never splits another's.
    const tokens = [
      [DESCRIPTION, "description"],
      [NAME, "name"],
      [PACKAGE.toUpperCase(), "package_name|upper"],
      [PACKAGE, "package_name"],
    ];
    /** Our text as Jinja: the variables' values become expressions, the rest stays literal. */
    const toJinja = (text, ns) => {
      const parts = [];
      let rest = text;
      for (;;) {
        const found = tokens.map(([value, expr]) => [rest.indexOf(value), value, expr]).filter(([at]) => at >= 0).sort((a, b) => a[0] - b[0])[0];
        const literal = found ? rest.slice(0, found[0]) : rest;
        if (literal) parts.push(/\{[{%#]/.test(literal) ? `{% raw %}${literal}{% endraw %}` : literal);
        if (!found) break;
        const [filter, ...more] = found[2].split("|");
        parts.push(`{{ ${ns}${filter}${more.map((f) => `|${f}`).join("")} }}`);
        rest = rest.slice(found[0] + found[1].length);
      }
      return parts.join("");
    };
    const ccTemplate = join(work, "cookiecutter-template");
    const cpTemplate = join(work, "copier-template");
    const referenceFiles = files(reference);
    for (const file of referenceFiles) {
      const text = readFileSync(join(reference, file), "utf8");
      const mode = statSync(join(reference, file)).mode;
      for (const [target, ns] of [[join(ccTemplate, "{{cookiecutter.name}}"), "cookiecutter."], [join(cpTemplate, "template"), ""]]) {
        const path = join(target, toJinja(file, ns));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, toJinja(text, ns), { mode });
      }
    }
    writeFileSync(join(ccTemplate, "cookiecutter.json"), JSON.stringify({ name: NAME, package_name: PACKAGE, description: DESCRIPTION }, null, 2));
    writeFileSync(
      join(cpTemplate, "copier.yml"),
      [`_subdirectory: template`, `_templates_suffix: ""`, `name: {type: str, default: ${NAME}}`, `package_name: {type: str, default: ${PACKAGE}}`, `description: {type: str, default: "${DESCRIPTION}"}`, ""].join("\n"),
    );
    const pyEnv = { ...baseEnv, HOME: join(work, "home") }; // cookiecutter's replay files land here
    mkdirSync(pyEnv.HOME);
    const outputs = join(work, "rendered");
    const render = {
      "create-devops-py cost-engine": (round) => {
        const dir = join(outputs, `ours-${round}`, NAME);
        return { argv: [node, cli, dir, "--template", "cost-engine", "--yes", "--no-git", "--no-lock", "--description", DESCRIPTION], after: () => rmSync(dirname(dir), { recursive: true, force: true }) };
      },
      [`cookiecutter ${version("cookiecutter")}`]: (round) => {
        const out = join(outputs, `cc-${round}`);
        return { argv: [join(venv, "bin", "cookiecutter"), "--no-input", "-o", out, ccTemplate], env: pyEnv, after: () => rmSync(out, { recursive: true, force: true }) };
      },
      [`copier ${version("copier")}`]: (round) => {
        const out = join(outputs, `cp-${round}`, NAME);
        return { argv: [join(venv, "bin", "copier"), "copy", "--defaults", "--quiet", cpTemplate, out], env: pyEnv, after: () => rmSync(dirname(out), { recursive: true, force: true }) };
      },
    };
    // The template is only a fair stand-in if it renders exactly our files.
    const same = {};
    for (const [label, make] of Object.entries(render).slice(1)) {
      const run = make("check");
      await measure(run.argv, run);
      const out = label.startsWith("cookiecutter") ? join(outputs, "cc-check", NAME) : join(outputs, "cp-check", NAME);
      const theirs = files(out).sort();
      const differing = referenceFiles.filter((file) => !theirs.includes(file) || readFileSync(join(out, file), "utf8") !== readFileSync(join(reference, file), "utf8"));
      same[label] = { files: theirs.length, ours: referenceFiles.length, differing: differing.length + theirs.filter((file) => !referenceFiles.includes(file)).length };
      run.after();
    }
    const templates = await alternate(render, SLOW_RUNS);
    printTable(`3. the same ${referenceFiles.length} files from an equivalent template (whole process; ratios are theirs / ours)`, templates, "create-devops-py cost-engine");
    for (const [label, check] of Object.entries(same)) console.log(`   ${label} renders ${check.files} files, ${check.differing} differing from ours`);
    const [ccName, cpName] = Object.keys(render).slice(1);
    const cc = ratio(templates["create-devops-py cost-engine"].wallMs, templates[ccName].wallMs);
    const cp = ratio(templates["create-devops-py cost-engine"].wallMs, templates[cpName].wallMs);
    console.log(`target <= ${TARGETS.cookiecutter}x cookiecutter: ${verdict(cc, TARGETS.cookiecutter)} (${x(cc)}); <= ${TARGETS.copier}x copier: ${verdict(cp, TARGETS.copier)} (${x(cp)})`);
    results.templates = { files: referenceFiles.length, equivalence: same, figures: templates, ratioToCookiecutter: cc, ratioToCopier: cp };
  }

  // -------------------------------------------------------------------------------------
  // 4. What `npx create-devops-py` installs
  const packDir = join(work, "pack");
  mkdirSync(packDir);
  const tarballName = npm(["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], root).trim().split("\n").pop();
  const tarball = join(packDir, tarballName);
  const installs = [];
  let installed;
  for (let i = 0; i < SLOW_RUNS; i += 1) {
    const app = join(work, `install-${i}`);
    mkdirSync(app);
    npm(["init", "-y"], app);
    installs.push(await measure(["npm", "install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: app, env: npmEnv }));
    installed = join(app, "node_modules");
  }
  const ourPackages = packagesIn(installed);
  const ourSize = footprint(installed);
  const vitePackages = packagesIn(join(viteDir, "node_modules"));
  const viteSize = footprint(join(viteDir, "node_modules"));
  const installMs = median(installs.map((s) => s.wall)) * 1000;
  console.log(`\n4. installed footprint (npm install of the packed tarball into an empty directory)`);
  console.log(`create-devops-py  tarball ${(statSync(tarball).size / 1024).toFixed(0)} KiB; node_modules ${(ourSize.bytes / 1048576).toFixed(2)} MiB (${(ourSize.disk / 1048576).toFixed(2)} MiB on disk), ${ourPackages.length} package(s): ${ourPackages.join(", ")}`);
  console.log(`create-vite       node_modules ${(viteSize.bytes / 1048576).toFixed(2)} MiB (${(viteSize.disk / 1048576).toFixed(2)} MiB on disk), ${vitePackages.length} package(s)`);
  console.log(`npm install time of the tarball: ${ms(installMs)} wall, ${ms(median(installs.map((s) => s.cpu)) * 1000)} cpu (median of ${SLOW_RUNS})`);
  const runtimePackages = ourPackages.filter((name) => name !== manifest.name).length;
  console.log(`target tool + <= ${TARGETS.runtimePackages} runtime packages: ${verdict(runtimePackages, TARGETS.runtimePackages)} (${runtimePackages}); <= 5 MB: ${verdict(ourSize.bytes, TARGETS.installedBytes)} (${(ourSize.bytes / 1e6).toFixed(2)} MB)`);
  results.footprint = {
    tarballBytes: statSync(tarball).size,
    installedBytes: ourSize.bytes,
    installedDiskBytes: ourSize.disk,
    packages: ourPackages,
    runtimePackages,
    npmInstallMs: installMs,
    createVite: { installedBytes: viteSize.bytes, packages: vitePackages.length },
  };

  // -------------------------------------------------------------------------------------
  // 5. Time to the first prompt in a real terminal
  const tmuxOk = spawnSync("tmux", ["-V"], { encoding: "utf8" }).status === 0;
  if (!tmuxOk) {
    console.log("\n5. time to first prompt: not measured (no tmux)");
  } else {
    const socket = `cdp-bench-${process.pid}`;
    const tmux = (...args) => spawnSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
    tmux("new-session", "-d", "-s", "bench", "-x", "160", "-y", "50");
    /** A window of its own running `command` as a user's terminal would (not in CI, no cert bundle, no colour). */
    const terminalWindow = (window, cwd, command) => tmux("new-window", "-d", "-t", "bench:", "-n", window, "-c", cwd, `exec env -u CI -u NODE_EXTRA_CA_CERTS NO_COLOR=1 ${command}`);
    const firstPrompt = async (window, cwd, command, pattern) => {
      const started = process.hrtime.bigint();
      terminalWindow(window, cwd, command);
      for (;;) {
        const screen = tmux("capture-pane", "-p", "-t", `bench:${window}`).stdout ?? "";
        if (pattern.test(screen)) break;
        if (Number(process.hrtime.bigint() - started) / 1e9 > 30) throw new Error(`no prompt from ${command}:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      tmux("kill-window", "-t", `bench:${window}`);
      return seconds;
    };
    // A returning user's code cache first: the timed runs are stopped at the first prompt,
    // and a run that does not finish keeps no cache, so one interactive run is answered to
    // the end (a name, then Enter for every default) before them.
    {
      const cwd = join(work, "tty-warm-up");
      mkdirSync(cwd);
      terminalWindow("warm", cwd, `${node} ${cli} --no-git --no-lock`);
      let named = false;
      for (const started = Date.now(); Date.now() - started < 60_000; ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const screen = tmux("capture-pane", "-p", "-t", "bench:warm");
        if (screen.status !== 0) break; // the run ended, and its window with it
        if (!named && /Project name/.test(screen.stdout)) {
          tmux("send-keys", "-t", "bench:warm", "warm-up", "Enter");
          named = true;
        } else tmux("send-keys", "-t", "bench:warm", "Enter");
      }
      if (!existsSync(join(cwd, "warm-up"))) throw new Error("5. the interactive warm-up run did not generate its project");
    }
    const prompts = { "create-devops-py": [], [`create-vite ${viteManifest.version}`]: [] };
    for (let round = -1; round < SLOW_RUNS; round += 1) {
      const cwd = join(work, `tty-${round + 1}`);
      mkdirSync(cwd);
      const ours = await firstPrompt(`ours${round + 1}`, cwd, `${node} ${cli}`, /Which starter\?/);
      const vite = await firstPrompt(`vite${round + 1}`, cwd, `${node} ${viteBin}`, /Project name/);
      if (round >= 0) {
        prompts["create-devops-py"].push(ours);
        prompts[`create-vite ${viteManifest.version}`].push(vite);
      }
    }
    tmux("kill-server");
    console.log(`\n5. time to the first prompt in a terminal (tmux; launch to prompt on screen, median of ${SLOW_RUNS})`);
    const figures = Object.fromEntries(Object.entries(prompts).map(([name, values]) => [name, median(values) * 1000]));
    for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(36)} ${ms(value)}`);
    const [oursName, viteLabel] = Object.keys(figures);
    console.log(`ratio create-devops-py / create-vite: ${x(figures[oursName] / figures[viteLabel])}`);
    results.firstPrompt = figures;
  }

  // -------------------------------------------------------------------------------------
  // 6. Cohort mode
  const teams = (count) =>
    Array.from({ length: count }, (_, i) => ({
      name: `Team ${String(i + 1).padStart(3, "0")}`,
      starter: starters[i % starters.length],
      members: [
        { name: `Lead ${i}`, email: `lead${i}@example.com` },
        { name: `Dev ${i}`, email: `dev${i}@example.com` },
      ],
    }));
  // The lock step of the other issue, when present, is a base option named after it.
  const base = JSON.parse(readFileSync(join(root, "schemas", "base.schema.json"), "utf8"));
  const lockOption = Object.keys(base.properties ?? {}).find((key) => /lock/i.test(key) && base.properties[key].type === "boolean");
  const cohortDefaults = { ci: "both", kubernetes: true, ...(lockOption ? { [lockOption]: false } : {}) };
  writeFileSync(join(work, "roster.json"), JSON.stringify({ defaults: cohortDefaults, teams: teams(TEAMS) }));
  const cohort = await measure([node, cli, "cohort", "roster.json", "--out", "cohort", "--json"]);
  let loopWall = 0;
  let loopCpu = 0;
  for (const [i, team] of teams(TEAMS).entries()) {
    const answers = join(work, `answers-${i}.json`);
    writeFileSync(answers, JSON.stringify({ template: team.starter, ...cohortDefaults, authorName: team.members[0].name, authorEmail: team.members[0].email }));
    const single = await measure([node, cli, join("loop", `team-${i}`), "--answers", answers, "--yes"]);
    loopWall += single.wall;
    loopCpu += single.cpu;
  }
  console.log(`\n6. cohort: ${TEAMS} teams over ${starters.length} starters, git init + first commit each`);
  const row = (label, wall, cpu) => `${label.padEnd(36)} ${wall.toFixed(2).padStart(7)} s  ${((wall / TEAMS) * 1000).toFixed(0).padStart(5)} ms/team  cpu ${cpu.toFixed(2).padStart(7)} s`;
  console.log(row("cohort (one process)", cohort.wall, cohort.cpu));
  console.log(row("one process per team (baseline)", loopWall, loopCpu));
  console.log(`ratio baseline / cohort: ${x(loopWall / cohort.wall)} wall, ${x(loopCpu / cohort.cpu)} cpu; peak RSS ${(cohort.maxrssKiB / 1024).toFixed(0)} MiB`);
  console.log(`target ${TEAMS} teams <= ${TARGETS.cohortSeconds} s: ${verdict(cohort.wall, TARGETS.cohortSeconds)} (${cohort.wall.toFixed(3)} s wall, ${cohort.cpu.toFixed(2)} s cpu)`);
  results.cohort = { teams: TEAMS, wallSeconds: cohort.wall, cpuSeconds: cohort.cpu, peakRssMiB: cohort.maxrssKiB / 1024, perTeamProcessesWallSeconds: loopWall, perTeamProcessesCpuSeconds: loopCpu };
  if (lockOption) {
    writeFileSync(join(work, "roster-locked.json"), JSON.stringify({ defaults: { ...cohortDefaults, [lockOption]: true }, teams: teams(30) }));
    // uv from the gate tools (npm test installs them) unless the caller names one: a fresh
    // machine has no uv on PATH, and a run without uv would lock nothing.
    const gateUv = join(root, ".cache", "gate-tools", "bin", "uv");
    const lockEnv = { ...baseEnv, CREATE_DEVOPS_PY_UV: process.env.CREATE_DEVOPS_PY_UV ?? (existsSync(gateUv) ? gateUv : "uv") };
    const locked = await measure([node, cli, "cohort", "roster-locked.json", "--out", "cohort-locked", "--json"], { env: lockEnv });
    const lockFiles = readdirSync(join(work, "cohort-locked")).filter((dir) => existsSync(join(work, "cohort-locked", dir, "uv.lock"))).length;
    console.log(row(`30 teams with uv.lock (${lockFiles} locked)`, locked.wall, locked.cpu));
    results.cohort.locked30 = { wallSeconds: locked.wall, cpuSeconds: locked.cpu, lockFiles };
  } else {
    console.log("30 teams with uv.lock: not measured (this build has no lock option in schemas/base.schema.json)");
  }

  // -------------------------------------------------------------------------------------
  // 7. Each starter's own test suite against its 10 s budget, one at a time.
  if (process.env.BENCH_PYTEST !== "0") {
    const uv = existsSync(join(root, ".cache", "gate-tools", "bin", "uv")) ? join(root, ".cache", "gate-tools", "bin", "uv") : "uv";
    const env = { ...process.env, UV_PYTHON_DOWNLOADS: "never", PYTHONDONTWRITEBYTECODE: "", NO_COLOR: "1" };
    console.log(`\n7. starter test suites (pytest wall time, defaults, budget ${PYTEST_BUDGET} s; first run compiles bytecode)`);
    results.pytest = {};
    for (const starter of starters) {
      const dir = join(work, "suites", starter);
      await measure([node, cli, dir, "--template", starter, "--yes", "--no-git"]);
      for (const args of [["venv", "--quiet", ".venv"], ["pip", "install", "--quiet", "-e", ".", "--group", "dev"]]) {
        const done = spawnSync(uv, args, { cwd: dir, env, encoding: "utf8" });
        if (done.status !== 0) throw new Error(`uv ${args.join(" ")}: ${done.stderr}`);
      }
      const suiteEnv = { ...env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test" };
      const pytest = [join(dir, ".venv", "bin", "pytest"), "-q", "-p", "no:cacheprovider"];
      // A failing suite is reported with its time and the run goes on to the next one.
      const first = await measure(pytest, { cwd: dir, env: suiteEnv, allowFailure: true });
      const again = await measure(pytest, { cwd: dir, env: suiteEnv, allowFailure: true });
      const failed = first.code !== 0 || again.code !== 0;
      const tail = failed ? ` FAILED: ${readFileSync(join(work, "last-run.log"), "utf8").trim().split("\n").filter((line) => line.startsWith("FAILED")).join("; ")}` : "";
      console.log(`${starter.padEnd(22)} first ${first.wall.toFixed(2).padStart(6)} s  again ${again.wall.toFixed(2).padStart(6)} s  ratio to budget ${(again.wall / PYTEST_BUDGET).toFixed(2)}  ${again.wall < PYTEST_BUDGET ? "ok" : "OVER"}${tail}`);
      results.pytest[starter] = { firstSeconds: first.wall, againSeconds: again.wall, failed };
    }
  }

} finally {
  // Whatever was measured is kept, also when a later section failed.
  results.machine.loadavgAtEnd = loadavg();
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nfigures written to ${relative(process.cwd(), jsonPath).split(sep).join("/") || jsonPath}`);
  runner.stdin.end();
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
}
