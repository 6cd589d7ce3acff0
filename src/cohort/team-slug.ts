/**
 * A team name as a directory and name prefix: lower-case kebab-case, starting with a
 * letter (so it is also a valid Python package and metric prefix once `-` becomes `_`).
 * A name with no Latin letter or digit at all (e.g. "東京") has no slug: "" — the roster
 * must then give one, rather than every such team silently becoming "team".
 */
export function teamSlug(teamName: string): string {
  const slug = teamName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  if (slug === "") return "";
  return /^[a-z]/.test(slug) ? slug : `team-${slug}`.slice(0, 40).replace(/-+$/g, "");
}
