import { execFileSync } from "node:child_process";

/** Evaluate Python string literals with the real interpreter (ast.literal_eval), in one process. */
export function evalPythonLiterals(literals: string[]): string[] {
  const script = "import ast, json, sys\nprint(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))";
  const out = execFileSync("python3", ["-c", script], { input: JSON.stringify(literals), encoding: "utf8" });
  return JSON.parse(out) as string[];
}
