/**
 * Optimal-string-alignment Damerau-Levenshtein distance: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1 ("kubernets", "curency",
 * "cost-engin", "monitorign" are all one step from what was meant).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}

/** The closest candidate, when it is close enough to be what was meant (case ignored). */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  // Long inputs are never typos of short names; skip the quadratic work on them.
  if (typed.length > 64) return undefined;
  const wanted = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** "; did you mean "x"?" or nothing. */
export function didYouMean(typed: string, candidates: readonly string[], quote = true): string {
  const match = closest(typed, candidates);
  if (match === undefined) return "";
  return `; did you mean ${quote ? JSON.stringify(match) : match}?`;
}
