// Time series from CSV text (parsed by csv-parse): pick the time column and the value columns, check every
// cell, and handle missing values by an explicit policy. Errors name the row (1-based, as in a spreadsheet,
// counting the header) and the column.
import { parse } from 'csv-parse/sync';
import { ConfigError, ValueError } from '../errors.js';

/** What to do with empty / NA cells: refuse (default), drop the row, carry the last value, or interpolate. */
export type MissingPolicy = 'error' | 'drop' | 'ffill' | 'interpolate';
export const missingPolicies: readonly MissingPolicy[] = ['error', 'drop', 'ffill', 'interpolate'];

/** A multivariate series: values[t][f] for the columns `names`, and the time labels when there is a time column. */
export interface Series {
  names: string[];
  values: number[][];
  time: string[] | null;
}

export interface ReadCsvOptions {
  /** Columns to read, in order (default: every column except the time column). */
  columns?: string[];
  /** Column holding time labels (kept as text); default 'time' or 'date' when present. */
  timeColumn?: string | null;
  missing?: MissingPolicy;
  /** Name used in error messages (the file name). */
  source?: string;
}

const MISSING = new Set(['', 'na', 'nan', 'null', 'none', '?']);

export function readCsv(text: string, options: ReadCsvOptions = {}): Series {
  const where = options.source ?? 'CSV';
  const missing = options.missing ?? 'error';
  if (!missingPolicies.includes(missing)) throw new ConfigError(`missing must be one of ${missingPolicies.join(', ')}, got '${missing}'`);
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (e) {
    throw new ValueError(`${where}: cannot parse the CSV (${(e as Error).message})`);
  }
  if (records.length < 2) throw new ValueError(`${where}: needs a header row and at least one data row`);
  const header = records[0];
  if (new Set(header).size !== header.length) throw new ValueError(`${where}: the header repeats a column name (${header.join(', ')})`);
  const timeColumn = options.timeColumn === undefined ? header.find((h) => /^(time|date|datetime|timestamp)$/i.test(h)) ?? null : options.timeColumn;
  if (timeColumn !== null && !header.includes(timeColumn)) throw new ConfigError(`${where}: no time column '${timeColumn}'. Columns: ${header.join(', ')}`);
  const names = options.columns ?? header.filter((h) => h !== timeColumn);
  if (names.length === 0) throw new ConfigError(`${where}: no value columns to read`);
  for (const n of names) if (!header.includes(n)) throw new ConfigError(`${where}: no column '${n}'. Columns: ${header.join(', ')}`);
  const indices = names.map((n) => header.indexOf(n));
  const timeIndex = timeColumn === null ? -1 : header.indexOf(timeColumn);

  const rows: (number | null)[][] = [];
  const time: string[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    rows.push(indices.map((c, k) => {
      const cell = record[c] ?? '';
      if (MISSING.has(cell.toLowerCase())) {
        if (missing === 'error') throw new ValueError(`${where}: row ${r + 1}, column '${names[k]}' is missing; choose a policy: --missing drop|ffill|interpolate`);
        return null;
      }
      const v = Number(cell);
      if (!Number.isFinite(v) || cell === '') throw new ValueError(`${where}: row ${r + 1}, column '${names[k]}': '${cell}' is not a number`);
      return v;
    }));
    time.push(timeIndex >= 0 ? record[timeIndex] : String(r - 1));
  }
  const filled = fillMissing(rows, time, missing, names, where);
  return { names, values: filled.values, time: timeIndex >= 0 ? filled.time : null };
}

function fillMissing(rows: (number | null)[][], time: string[], policy: MissingPolicy, names: string[], where: string): { values: number[][]; time: string[] } {
  if (policy === 'drop') {
    const keep = rows.map((r) => r.every((v) => v !== null));
    const values = rows.filter((_, i) => keep[i]) as number[][];
    if (values.length === 0) throw new ValueError(`${where}: every row has a missing value`);
    return { values, time: time.filter((_, i) => keep[i]) };
  }
  const values = rows.map((r) => [...r]) as number[][];
  for (let c = 0; c < names.length; c++) {
    const known = rows.map((r, i) => (r[c] === null ? -1 : i)).filter((i) => i >= 0);
    if (known.length === 0) throw new ValueError(`${where}: column '${names[c]}' has no values`);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i][c] !== null) continue;
      const prev = [...known].reverse().find((k) => k < i);
      const next = known.find((k) => k > i);
      if (policy === 'ffill') {
        if (prev === undefined) throw new ValueError(`${where}: column '${names[c]}' starts with a missing value at row ${i + 2}; nothing to carry forward`);
        values[i][c] = rows[prev][c]!;
      } else {
        if (prev === undefined) values[i][c] = rows[next!][c]!;
        else if (next === undefined) values[i][c] = rows[prev][c]!;
        else values[i][c] = rows[prev][c]! + ((rows[next][c]! - rows[prev][c]!) * (i - prev)) / (next - prev);
      }
    }
  }
  return { values, time };
}
