import type { RepoStatus } from "./repo-status.js";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function row(repo: RepoStatus, latest: string): string {
  const cell = (text: string, sort: string | number, className = "") =>
    `<td data-sort="${escape(String(sort))}"${className ? ` class="${className}"` : ""}>${text}</td>`;
  if (!repo.generated) {
    return `<tr data-dir="${escape(repo.dir)}" class="foreign">${cell(escape(repo.dir), repo.dir)}<td colspan="8">not a generated repository: ${escape(repo.problem ?? "")}</td></tr>`;
  }
  const done = repo.roadmap?.done ?? 0;
  const total = repo.roadmap?.total ?? 0;
  const percent = total > 0 ? Math.round((done / total) * 100) : -1;
  const edited = repo.editedFiles.length;
  return [
    // The figures again as attributes, for scripts that read the page (and its tests).
    `<tr data-dir="${escape(repo.dir)}" data-name="${escape(repo.name ?? "")}" data-version="${escape(repo.version ?? "")}" data-behind="${String(repo.updateAvailable)}" data-edited="${edited}" data-answers-valid="${String(repo.answersValid)}" data-commits="${String(repo.commitsSinceGeneration ?? "")}" data-progress="${total > 0 ? `${done}/${total}` : ""}">`,
    cell(`<strong>${escape(repo.name ?? "")}</strong><br><small>${escape(repo.dir)}</small>`, repo.name ?? ""),
    cell(escape(repo.starter ?? ""), repo.starter ?? ""),
    cell(escape(repo.version ?? ""), repo.version ?? ""),
    cell(repo.updateAvailable ? `behind → ${escape(latest)}` : "current", repo.updateAvailable ? 1 : 0, repo.updateAvailable ? "behind" : "ok"),
    cell(
      edited === 0 ? "0" : `<details><summary class="edited-count">${edited}</summary>${repo.editedFiles.map((path) => `<code>${escape(path)}</code>`).join("<br>")}</details>`,
      edited,
      edited > 0 ? "edited" : "",
    ),
    cell(repo.answersValid ? "valid" : "invalid", repo.answersValid ? 1 : 0, repo.answersValid ? "ok" : "bad"),
    cell(String(repo.commitsSinceGeneration ?? "–"), repo.commitsSinceGeneration ?? -1),
    cell(escape(repo.lastCommitDate?.slice(0, 10) ?? "–"), repo.lastCommitDate ?? ""),
    cell(
      total > 0 ? `<span class="bar"><span style="width:${percent}%"></span></span> <span class="progress">${done}/${total}</span>` : "–",
      percent,
    ),
    `</tr>`,
  ].join("");
}

/** One self-contained page (no network): inline CSS, a few lines of inline JS to sort by any column. */
export function statusHtml(repos: RepoStatus[], latest: string, generatedAt: string): string {
  const behind = repos.filter((repo) => repo.updateAvailable).length;
  const edited = repos.filter((repo) => repo.editedFiles.length > 0).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>create-devops-py status</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { cursor: pointer; background: #f4f4f4; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
.behind { background: #fff3cd; font-weight: 600; } .edited { background: #e7f1ff; } .bad { background: #f8d7da; } .ok { color: #2e7d32; }
.foreign td { color: #888; font-style: italic; }
.bar { display: inline-block; width: 6rem; height: .7rem; background: #eee; border-radius: .35rem; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2e7d32; }
</style>
</head>
<body>
<h1>Team repositories</h1>
<p id="summary">${repos.length} repositories · ${behind} behind ${escape(latest)} · ${edited} with edited generated files · generated ${escape(generatedAt)}</p>
<table id="repos">
<thead><tr><th>team</th><th>starter</th><th>version</th><th>update</th><th>edited files</th><th>answers</th><th>commits</th><th>last commit</th><th>roadmap</th></tr></thead>
<tbody>
${repos.map((repo) => row(repo, latest)).join("\n")}
</tbody>
</table>
<script>
// Click a header to sort by it; #sort=<header>[-desc] in the address sorts on opening (bookmarkable).
var headers = Array.from(document.querySelectorAll("#repos th"));
function sortBy(column, up) {
  var body = document.querySelector("#repos tbody");
  headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
  headers[column].setAttribute("aria-sort", up ? "ascending" : "descending");
  var key = function (tr) { var td = tr.children[column]; return td ? td.getAttribute("data-sort") || "" : ""; };
  Array.from(body.rows).sort(function (a, b) {
    var x = key(a), y = key(b), n = x !== "" && y !== "" && !isNaN(x) && !isNaN(y);
    var order = n ? Number(x) - Number(y) : x.localeCompare(y);
    return up ? order : -order;
  }).forEach(function (tr) { body.appendChild(tr); });
}
headers.forEach(function (th, column) {
  th.addEventListener("click", function () { sortBy(column, th.getAttribute("aria-sort") !== "ascending"); });
});
var wanted = /^#sort=([a-z ]+?)(-desc)?$/.exec(decodeURIComponent(location.hash));
if (wanted) headers.forEach(function (th, column) { if (th.textContent === wanted[1]) sortBy(column, !wanted[2]); });
</script>
</body>
</html>
`;
}
