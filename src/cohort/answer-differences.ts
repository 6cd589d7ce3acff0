/** JSON with keys sorted, so that two equal answer objects compare equal as text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** The answer keys whose values differ between what was recorded and what the roster says now. */
export function differingKeys(recorded: Record<string, unknown>, wanted: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(wanted)]);
  return [...keys].filter((key) => canonical(recorded[key]) !== canonical(wanted[key])).sort();
}
