import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { runProcess, type ProcessResult } from "../../helpers/run-process.js";
import type { GateContext } from "../gate-context.js";
import type { Gate, GateOutcome } from "../quality-gates.js";
import { freePort } from "../../helpers/free-port.js";

/**
 * Real-tool contract gates for config-manager: outputs checked by the real tool the starter
 * imitates (see shared/QUALITY-GATES.md, "real-tool contracts"). Each gate's
 * `applies` is already limited to this starter by contract-gates.ts.
 */

const SSHD = "/usr/sbin/sshd";
const SSH_KEYGEN = "ssh-keygen";


function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    if (await accepts(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function show(label: string, result: ProcessResult): string {
  return `$ ${label}\nexit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
}

/** A private sshd on 127.0.0.1 with throwaway host and user keys, all inside `dir`. */
async function startSshd(dir: string): Promise<{ port: number; child: ChildProcess; log: () => string } | string> {
  if (!existsSync(SSHD)) return `${SSHD} not found: install Debian's openssh-server`;
  for (const key of ["host_key", "user_key"]) {
    const made = await runProcess(SSH_KEYGEN, ["-q", "-t", "ed25519", "-N", "", "-C", "gate", "-f", join(dir, key)]);
    if (made.code !== 0) return show(`ssh-keygen ${key}`, made);
  }
  writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "user_key.pub")));
  // sshd running as root insists on its privilege-separation directory; Debian's service
  // unit creates it at boot (RuntimeDirectory=sshd), a container without systemd has none.
  if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755, recursive: true });
  const port = await freePort();
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${join(dir, "host_key")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    "StrictModes no",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    "UsePAM no",
    "Subsystem sftp internal-sftp",
    "LogLevel VERBOSE",
  ];
  writeFileSync(join(dir, "sshd_config"), config.join("\n") + "\n");
  const child = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  if (!(await waitForPort(port, child, 10_000))) {
    child.kill("SIGKILL");
    return `sshd did not listen on 127.0.0.1:${port}:\n${output}`;
  }
  // paramiko reads OpenSSH known_hosts; a non-22 port is written as [host]:port.
  const [type, key] = readFileSync(join(dir, "host_key.pub"), "utf8").trim().split(/\s+/);
  writeFileSync(join(dir, "known_hosts"), `[127.0.0.1]:${port} ${type} ${key}\n`);
  return { port, child, log: () => output };
}

function stopSshd(dir: string, child: ChildProcess): void {
  child.kill("SIGTERM");
  try {
    const pid = Number(readFileSync(join(dir, "sshd.pid"), "utf8").trim());
    if (pid > 0 && pid !== child.pid) process.kill(pid, "SIGTERM");
  } catch {
    // no pid file: the child was the only process
  }
}

function writeProject(project: string, remote: string, port: number): void {
  mkdirSync(join(project, "templates"), { recursive: true });
  const user = userInfo().username;
  writeFileSync(
    join(project, "inventory.yaml"),
    [
      "vars: {app_name: gate}",
      "hosts:",
      "  box1:",
      `    connection: {transport: ssh, address: 127.0.0.1, port: ${port}, user: ${user}, root: '${remote}'}`,
      "    vars: {workers: 3}",
      "",
    ].join("\n"),
  );
  writeFileSync(join(project, "templates", "app.ini.j2"), "[app]\nname = {{ app_name }}\nworkers = {{ workers }}\n");
  writeFileSync(
    join(project, "resources.yaml"),
    [
      "resources:",
      "  - {type: directory, path: /etc/gate, mode: '0750'}",
      "  - {type: template, path: /etc/gate/app.ini, template: app.ini.j2, mode: '0640'}",
      "  - {type: file, path: /etc/gate/pg.conf, content: \"listen_addresses = '*'\\n\"}",
      "  - {type: lineinfile, path: /etc/gate/hosts, line: '10.0.0.20 db1.internal', regexp: '\\sdb1\\.internal$', create: true}",
      "",
    ].join("\n"),
  );
}

/**
 * plan -> apply -> apply -> drift against a real OpenSSH server (Debian openssh-server, SFTP
 * subsystem), driven by the starter's own CLI. Pins Ansible semantics the fakes cannot prove:
 * `plan` changes nothing on the host; a second apply reports no change (idempotence); a
 * replaced file keeps its owner, group and mode (Ansible's atomic_move copies them onto the
 * temporary file before the rename); no temporary file is left behind; a hand edit is drift.
 */
async function sshRoundTrip(ctx: GateContext): Promise<GateOutcome> {
  const dir = mkdtempSync(join(tmpdir(), "cm-sshd-"));
  const details: string[] = [];
  let sshd: Awaited<ReturnType<typeof startSshd>> | undefined;
  try {
    sshd = await startSshd(dir);
    if (typeof sshd === "string") return { ok: false, detail: sshd };
    const remote = join(dir, "remote");
    const project = join(dir, "project");
    writeProject(project, remote, sshd.port);
    // An existing file owned by another user (postgres in real life), mode 0600.
    mkdirSync(join(remote, "etc", "gate"), { recursive: true });
    const pgConf = join(remote, "etc", "gate", "pg.conf");
    writeFileSync(pgConf, "listen_addresses = 'localhost'\n", { mode: 0o600 });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(pgConf, 999, 998);

    const env = {
      ...ctx.env,
      CONFIG_SSH_KEY_FILE: join(dir, "user_key"),
      CONFIG_SSH_KNOWN_HOSTS: join(dir, "known_hosts"),
      SSH_AUTH_SOCK: "",
    };
    const cli = join(ctx.venvBin, String(ctx.options.name));
    const run = async (args: string[]) => {
      const result = await runProcess(cli, [...args, "--project", project], { cwd: dir, env, timeoutMs: 120_000 });
      details.push(show(`${ctx.options.name} ${args.join(" ")}`, result));
      return result;
    };
    const fail = (why: string): GateOutcome => ({ ok: false, detail: `${why}\n\n${details.join("\n\n")}\n\nsshd log:\n${typeof sshd === "object" ? sshd.log() : ""}` });
    const tree = () => readdirSync(join(remote, "etc", "gate")).sort().join(",");

    const before = tree();
    const planned = await run(["plan"]);
    if (planned.code !== 0) return fail("plan failed");
    if (!/box1: create template:\/etc\/gate\/app\.ini/.test(planned.stdout)) return fail("plan does not list the template to create");
    if (tree() !== before || readFileSync(pgConf, "utf8") !== "listen_addresses = 'localhost'\n") return fail("plan changed the host");

    const applied = await run(["apply"]);
    if (applied.code !== 0) return fail("apply failed");
    if (readFileSync(join(remote, "etc", "gate", "app.ini"), "utf8") !== "[app]\nname = gate\nworkers = 3\n") return fail("template not rendered on the host");
    const info = statSync(pgConf);
    if ((info.mode & 0o7777) !== 0o600) return fail(`pg.conf mode ${(info.mode & 0o7777).toString(8)}, expected the kept 600`);
    if (asRoot && (info.uid !== 999 || info.gid !== 998)) return fail(`pg.conf owner ${info.uid}:${info.gid}, expected the kept 999:998`);
    if ((statSync(join(remote, "etc", "gate", "app.ini")).mode & 0o7777) !== 0o640) return fail("app.ini mode is not 0640");
    if (tree().includes(".tmp")) return fail(`temporary files left behind: ${tree()}`);

    const again = await run(["apply"]);
    if (again.code !== 0 || !/0 created, 0 updated, 4 unchanged/.test(again.stdout)) return fail("second apply is not a no-op");

    const clean = await run(["drift"]);
    if (clean.code !== 0 || !/No drift/.test(clean.stdout)) return fail("drift right after apply");

    writeFileSync(join(remote, "etc", "gate", "app.ini"), "[app]\nname = gate\nworkers = 99\n");
    const drifted = await run(["drift", "--format", "json"]);
    if (drifted.code !== 3) return fail("a hand edit was not reported as drift (exit 3)");
    const report = JSON.parse(drifted.stdout) as { drifted: { resource: string }[] };
    const resources = report.drifted.map((d) => d.resource);
    if (resources.join() !== "template:/etc/gate/app.ini") return fail(`drift lists ${resources.join()}`);
    return { ok: true, detail: details.join("\n\n") };
  } finally {
    if (typeof sshd === "object") stopSshd(dir, sshd.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const gates: Gate[] = [
  {
    name: "ssh transport round trip against a real sshd",
    applies: (ctx) => ctx.options.transport === "ssh",
    run: sshRoundTrip,
  },
];
