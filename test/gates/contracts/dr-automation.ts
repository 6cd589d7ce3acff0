import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess, type ProcessResult } from "../../helpers/run-process.js";
import type { GateContext } from "../gate-context.js";
import type { Gate, GateOutcome } from "../quality-gates.js";

/**
 * Real-tool contract gates for dr-automation: outputs checked by the real tool the starter
 * imitates (see shared/QUALITY-GATES.md, "real-tool contracts"). Each gate's
 * `applies` is already limited to this starter by contract-gates.ts.
 */

const SCHEMA = `
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), note text);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, amount numeric(12, 2) NOT NULL);
INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 250) g;
INSERT INTO orders (customer_id, note) SELECT 1 + g % 250, E'line one\\nline two|pipe' FROM generate_series(1, 1234) g;
INSERT INTO billing.invoices (amount) SELECT g * 1.5 FROM generate_series(1, 77) g;
`;
const EXPECTED: Record<string, number> = { "billing.invoices": 77, "public.customers": 250, "public.orders": 1234 };

function show(label: string, result: ProcessResult): string {
  return `$ ${label}\nexit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A PostgreSQL backup made by the starter's own CLI must be a dump the real tools accept:
 * `pg_restore --list` reads its table of contents (custom format, PostgreSQL docs for
 * pg_dump -Fc / pg_restore -l) and `pg_restore` into a fresh database reproduces every
 * table's row count recorded in the manifest. Uses only its own scratch databases.
 */
async function postgresBackupRestores(ctx: GateContext): Promise<GateOutcome> {
  const server = ctx.env.TEST_DATABASE_URL;
  if (!server) return { ok: false, detail: "TEST_DATABASE_URL is not set: this gate needs a PostgreSQL server" };
  const tag = randomBytes(4).toString("hex");
  const source = `drgate_src_${tag}`;
  const copy = `drgate_copy_${tag}`;
  const dir = mkdtempSync(join(tmpdir(), "dr-gate-"));
  const details: string[] = [];
  const step = async (label: string, command: string, args: string[], env = ctx.env) => {
    const result = await runProcess(command, args, { cwd: dir, env, timeoutMs: 300_000 });
    details.push(show(label, result));
    return result;
  };
  const fail = (why: string): GateOutcome => ({ ok: false, detail: `${why}\n\n${details.join("\n\n")}` });
  const psql = (url: string, sql: string) => step(`psql ${sql.trim().split("\n")[0]}`, "psql", ["--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-At", "-F", "|", "-c", sql, url]);
  const created: string[] = [];
  try {
    for (const name of [source, copy]) {
      const made = await psql(server, `CREATE DATABASE "${name}" TEMPLATE template0`);
      if (made.code !== 0) return fail(`cannot create scratch database ${name} (psql on PATH? role with CREATEDB?)`);
      created.push(name);
    }
    if ((await psql(withDatabase(server, source), SCHEMA)).code !== 0) return fail("loading the sample schema failed");

    const cli = join(ctx.venvBin, String(ctx.options.name));
    const env = { ...ctx.env, DR_STORAGE: "local", DR_BACKUP_DIR: join(dir, "vault") };
    const backup = await step("backup --kind postgres", cli, ["backup", "--kind", "postgres", withDatabase(server, source)], env);
    if (backup.code !== 0) return fail("the starter's backup command failed");
    const files = readdirSync(join(dir, "vault"));
    const dump = files.find((f) => f.endsWith(".dump"));
    const manifestFile = files.find((f) => f.endsWith(".manifest.json"));
    if (!dump || !manifestFile) return fail(`no .dump and manifest in the vault: ${files.join(", ")}`);
    const manifest = JSON.parse(readFileSync(join(dir, "vault", manifestFile), "utf8")) as { details: Record<string, number> };
    if (JSON.stringify(manifest.details) !== JSON.stringify(EXPECTED)) return fail(`manifest row counts ${JSON.stringify(manifest.details)} != ${JSON.stringify(EXPECTED)}`);

    const list = await step("pg_restore --list", "pg_restore", ["--list", join(dir, "vault", dump)]);
    if (list.code !== 0) return fail("pg_restore cannot read the dump's table of contents");
    for (const table of ["public customers", "public orders", "billing invoices"]) {
      if (!new RegExp(`TABLE DATA ${table} `).test(list.stdout)) return fail(`pg_restore --list shows no TABLE DATA for ${table}`);
    }

    const restored = await step("pg_restore into a fresh database", "pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${withDatabase(server, copy)}`, join(dir, "vault", dump)]);
    if (restored.code !== 0) return fail("pg_restore of the backup failed");
    for (const [table, rows] of Object.entries(EXPECTED)) {
      const counted = await psql(withDatabase(server, copy), `SELECT count(*) FROM ${table}`);
      if (counted.code !== 0 || Number(counted.stdout.trim()) !== rows) return fail(`${table}: restored ${counted.stdout.trim()} rows, manifest says ${rows}`);
    }
    const notes = await psql(withDatabase(server, copy), "SELECT DISTINCT note FROM orders");
    if (notes.stdout !== "line one\nline two|pipe\n") return fail(`text with a newline did not survive: ${JSON.stringify(notes.stdout)}`);

    const verified = await step("verify latest", cli, ["verify", "latest", "--scratch-url", server], env);
    if (verified.code !== 0 || !verified.stdout.startsWith("PASS")) return fail("the starter's verify did not pass its own backup");
    return { ok: true, detail: details.join("\n\n") };
  } finally {
    for (const name of created) await psql(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const gates: Gate[] = [
  {
    name: "PostgreSQL backup restores with the real pg_restore",
    applies: () => true,
    run: postgresBackupRestores,
  },
];
