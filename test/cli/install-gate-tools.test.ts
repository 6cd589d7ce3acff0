/**
 * The README's test command must work alone on a fresh machine: no uv, no gate tools,
 * only a PEP 668 ("externally managed") system Python, and a checkout in a private
 * directory. This runs the installer that `npm test` starts with under exactly those
 * conditions: Debian's /usr/bin/python3 (which carries the EXTERNALLY-MANAGED marker)
 * first on a PATH that has no uv.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { repoRoot } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";

const systemPython = "/usr/bin/python3";
// The machine's own environment (certificates, proxies, HOME) with a PATH that has no uv and no pyenv.
const { VIRTUAL_ENV: _venv, ...machineEnv } = process.env;
const bareEnv = { ...machineEnv, PATH: "/usr/bin:/bin" };

describe("scripts/install-gate-tools.sh on a fresh machine", () => {
  it("installs every pinned tool into the checkout's own cache, never into a PEP 668 system Python, from a 0700 checkout", async () => {
    const marker = await runProcess(systemPython, ["-c", "import sysconfig, pathlib; print(pathlib.Path(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED').is_file())"], { env: bareEnv });
    expect(marker.stdout.trim(), `${systemPython} must be an externally managed (PEP 668) Python for this test`).toBe("True");
    const noUv = await runProcess("/bin/sh", ["-c", "command -v uv"], { env: bareEnv });
    expect(noUv.code, "uv must not be on the bare PATH").not.toBe(0);

    const checkout = tempDir("cdp-fresh-checkout-");
    chmodSync(checkout, 0o700);
    mkdirSync(join(checkout, "scripts"));
    mkdirSync(join(checkout, "test", "gates"), { recursive: true });
    copyFileSync(join(repoRoot, "scripts", "install-gate-tools.sh"), join(checkout, "scripts", "install-gate-tools.sh"));
    for (const requirements of ["requirements.txt", "requirements-checkov.txt"]) {
      copyFileSync(join(repoRoot, "test", "gates", requirements), join(checkout, "test", "gates", requirements));
    }

    const first = await runProcess("bash", ["scripts/install-gate-tools.sh"], { cwd: checkout, env: bareEnv, timeoutMs: 600_000 });
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(/installing/);
    const pinned = readFileSync(join(checkout, "test", "gates", "requirements.txt"), "utf8");
    const bin = join(checkout, ".cache", "gate-tools", "bin");
    for (const tool of ["uv", "actionlint", "shellcheck", "zizmor", "hadolint", "check-jsonschema", "kubernetes-validate", "validate-pyproject", "repo-review", "codespell"]) {
      expect(existsSync(join(bin, tool)), `${tool} in .cache/gate-tools/bin`).toBe(true);
    }
    // checkov lives in a virtualenv of its own: its pins clash with the shared tools'.
    expect(existsSync(join(checkout, ".cache", "checkov", "bin", "checkov")), "checkov in .cache/checkov/bin").toBe(true);
    const uvVersion = await runProcess(join(bin, "uv"), ["--version"], { env: bareEnv });
    expect(pinned).toContain(`uv==${uvVersion.stdout.trim().split(" ")[1]}`);
    const system = await runProcess(systemPython, ["-c", "import uv"], { env: bareEnv });
    expect(system.code, "uv was installed into the system Python").not.toBe(0);

    const second = await runProcess("bash", ["scripts/install-gate-tools.sh"], { cwd: checkout, env: bareEnv });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
  }, 600_000);
});
