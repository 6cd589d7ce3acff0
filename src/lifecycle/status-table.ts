import type { RepoStatus } from "./repo-status.js";

function progress(status: RepoStatus): string {
  return status.roadmap ? `${status.roadmap.done}/${status.roadmap.total}` : "-";
}

/** The `status` table: one line per repository, the columns a facilitator scans first. */
export function statusTable(repos: RepoStatus[], latest: string): string {
  const header = ["dir", "name", "starter", "version", "update", "edited", "answers", "commits", "last commit", "roadmap"];
  const rows = repos.map((repo) =>
    repo.generated
      ? [
          repo.dir, repo.name ?? "", repo.starter ?? "", repo.version ?? "", repo.updateAvailable ? `-> ${latest}` : "no",
          String(repo.editedFiles.length), repo.answersValid ? "valid" : "INVALID", String(repo.commitsSinceGeneration ?? "-"),
          repo.lastCommitDate?.slice(0, 10) ?? "-", progress(repo),
        ]
      : [repo.dir, "-", "-", "-", "-", "-", "-", "-", "-", "-"],
  );
  // Why a directory is not a generated repo goes after its row, not into a column's width.
  const notes = repos.map((repo) => (repo.generated ? "" : `  not a generated repo: ${repo.problem ?? ""}`));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join("  ").trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map((row, index) => `${line(row)}${notes[index] ?? ""}`)].join("\n");
}
