import { UsageError } from "../errors.js";

function csvError(source: string, line: number, message: string): UsageError {
  return new UsageError("Invalid CSV roster.", [{ option: "roster", message: `${source} line ${line}: ${message}` }]);
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Strict where
 * leniency would misread a roster: text after a closing quote, an unclosed quote and a
 * header (the first row) naming a column twice are errors, with the line they are on.
 */
export function parseCsv(text: string, source = "CSV"): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let closedQuote = false; // the field's closing quote was just read
  let line = 1;
  let quoteLine = 1;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i] as string;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
        closedQuote = true;
      } else {
        if (char === "\n") line += 1;
        field += char;
      }
    } else if (char === ",") {
      row.push(field);
      field = "";
      closedQuote = false;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      closedQuote = false;
      line += 1;
    } else if (closedQuote) {
      throw csvError(source, line, `text after a closing quote (${JSON.stringify(input.slice(i, i + 10))}); quote the whole field`);
    } else if (char === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw csvError(source, quoteLine, "a quoted field is never closed");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const nonEmpty = rows.filter((cells) => cells.some((cell) => cell.trim() !== ""));
  const seen = new Set<string>();
  for (const cell of nonEmpty[0] ?? []) {
    const column = cell.trim().toLowerCase();
    if (column === "") continue;
    if (seen.has(column)) throw csvError(source, 1, `the header names the column ${JSON.stringify(column)} twice`);
    seen.add(column);
  }
  return nonEmpty;
}
