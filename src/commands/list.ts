import { loadStarters } from "../starter-registry.js";

export async function listStarters(json: boolean): Promise<string> {
  const starters = await loadStarters();
  if (json) {
    return JSON.stringify(
      starters.map(({ id, title, summary, service }) => ({ id, title, summary, serves: service !== null })),
      null,
      2,
    );
  }
  const width = Math.max(...starters.map((starter) => starter.id.length));
  return starters.map((starter) => `${starter.id.padEnd(width)}  ${starter.title} — ${starter.summary}`).join("\n");
}
