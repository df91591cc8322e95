// Time series from CSV text (parsed by csv-parse): detect the delimiter (',', ';', tab or '|') unless given,
// pick the time column (a header such as 'date', 'Order Date' or 'timestamp', or a first column of dates) and
// the value columns, read numbers with optional thousands and decimal separators ("12,037.88", "12.037,88"),
// check every cell, and handle missing values by an explicit policy. Errors name the row (1-based, as in a
// spreadsheet, counting the header) and the column, and say which option would read the cell.
import { parse } from 'csv-parse/sync';
import { checkOptions, ConfigError, ValueError } from '../errors.js';
import { parseDates } from './dates.js';

/** What to do with empty / NA cells: refuse (default), drop the row, carry the last value, or interpolate. */
export type MissingPolicy = 'error' | 'drop' | 'ffill' | 'interpolate';
export const missingPolicies: readonly MissingPolicy[] = ['error', 'drop', 'ffill', 'interpolate'];

/** A multivariate series: values[t][f] for the columns `names`, and the time labels when there is a time column. */
export interface Series {
  names: string[];
  values: number[][];
  time: string[] | null;
  /** The column the time labels came from (null: none). */
  timeColumn?: string | null;
}

export interface ReadCsvOptions {
  /** Columns to read, in order (default: every column except the time column). */
  columns?: string[];
  /** Column holding time labels (kept as text); default 'time' or 'date' when present. */
  timeColumn?: string | null;
  missing?: MissingPolicy;
  /** Name used in error messages (the file name). */
  source?: string;
  /** Field delimiter; default: detected from the header line among ',', ';', tab and '|'. */
  delimiter?: string;
  /** Thousands separator removed from numbers (e.g. ',' for "12,037.88"); default none. */
  thousands?: string;
  /** Decimal mark (e.g. ',' for "12,5"); default '.'. */
  decimal?: string;
}

export const readCsvOptionNames = ['columns', 'timeColumn', 'missing', 'source', 'delimiter', 'thousands', 'decimal'] as const;

/** The delimiter among ',', ';', tab and '|' that occurs most often outside quotes in the first line. */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = first.replace(/"[^"]*"/g, '');
  let best = ',', count = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = unquoted.split(d).length - 1;
    if (n > count) [best, count] = [d, n];
  }
  return best;
}

const TIME_NAME = /^(time|date|datetime|timestamp|period|month|year|ds)$/i;
const TIME_WORD = /\b(time|date|datetime|timestamp)\b/i;

const MISSING = new Set(['', 'na', 'nan', 'null', 'none', '?']);

/** Parses CSV text into a series. Throws ConfigError for unknown options or columns, ValueError for bad cells. */
export function readCsv(text: string, options: ReadCsvOptions = {}): Series {
  checkOptions('readCsv', options, readCsvOptionNames);
  return readGroups(text, options, null)[0].series;
}

/**
 * A long-format CSV holding several series: rows grouped by the `idColumn` value (in order of first
 * appearance), each group a series with the same columns; missing values are filled within each series only.
 */
export function readCsvGroups(text: string, options: ReadCsvOptions & { idColumn: string }): { id: string; series: Series }[] {
  const { idColumn, ...rest } = options;
  checkOptions('readCsvGroups', rest, readCsvOptionNames);
  if (typeof idColumn !== 'string' || idColumn === '') throw new ConfigError('readCsvGroups needs an idColumn');
  return readGroups(text, rest, idColumn);
}

function readGroups(text: string, options: ReadCsvOptions, idColumn: string | null): { id: string; series: Series }[] {
  const where = options.source ?? 'CSV';
  const missing = options.missing ?? 'error';
  if (!missingPolicies.includes(missing)) throw new ConfigError(`missing must be one of ${missingPolicies.join(', ')}, got '${missing}'`);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const decimal = options.decimal ?? '.';
  const thousands = options.thousands ?? '';
  for (const [k, v] of [['delimiter', delimiter], ['decimal', decimal]] as const) if (typeof v !== 'string' || v.length !== 1) throw new ConfigError(`${k} must be one character, got '${v}'`);
  if (typeof thousands !== 'string' || thousands.length > 1 || thousands === decimal) throw new ConfigError(`thousands must be one character other than the decimal mark '${decimal}', got '${thousands}'`);
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true, delimiter }) as string[][];
  } catch (e) {
    const hint = options.delimiter === undefined ? ` (the delimiter was taken to be '${delimiter === '\t' ? '\\t' : delimiter}' from the header; give --delimiter / the delimiter option if that is wrong)` : '';
    throw new ValueError(`${where}: cannot parse the CSV: ${(e as Error).message}${hint}`);
  }
  if (records.length < 2) throw new ValueError(`${where}: needs a header row and at least one data row`);
  const header = records[0];
  if (new Set(header).size !== header.length) throw new ValueError(`${where}: the header repeats a column name (${header.join(', ')})`);
  if (idColumn !== null && !header.includes(idColumn)) throw new ConfigError(`${where}: no id column '${idColumn}'. Columns: ${header.join(', ')}`);
  const timeColumn = options.timeColumn === undefined ? findTimeColumn(header.filter((h) => h !== idColumn), records, options.columns) : options.timeColumn;
  if (timeColumn !== null && !header.includes(timeColumn)) throw new ConfigError(`${where}: no time column '${timeColumn}'. Columns: ${header.join(', ')}`);
  const names = options.columns ?? header.filter((h) => h !== timeColumn && h !== idColumn);
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
      const v = toNumber(cell, thousands, decimal);
      if (!Number.isFinite(v)) throw new ValueError(`${where}: row ${r + 1}, column '${names[k]}': '${cell}' is not a number${numberHint(cell, thousands, decimal)}`);
      return v;
    }));
    time.push(timeIndex >= 0 ? record[timeIndex] : String(r - 1));
  }
  const idIndex = idColumn === null ? -1 : header.indexOf(idColumn);
  const groups = new Map<string, number[]>();
  for (let r = 1; r < records.length; r++) {
    const id = idIndex >= 0 ? records[r][idIndex] ?? '' : '';
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(r - 1);
  }
  return [...groups].map(([id, at]) => {
    const filled = fillMissing(at.map((i) => rows[i]), at.map((i) => time[i]), missing, names, idIndex >= 0 ? `${where} (${idColumn} ${id})` : where);
    return { id, series: { names, values: filled.values, time: timeIndex >= 0 ? filled.time : null, timeColumn } };
  });
}

/** The time column: a header named like one, else a header containing 'date'/'time', else a first column of dates. */
function findTimeColumn(header: string[], records: string[][], columns: string[] | undefined): string | null {
  const exact = header.find((h) => TIME_NAME.test(h) && !columns?.includes(h));
  if (exact !== undefined) return exact;
  const word = header.find((h) => TIME_WORD.test(h) && !columns?.includes(h));
  if (word !== undefined) return word;
  if (columns?.includes(header[0])) return null;
  const sample = records.slice(1, 21).map((r) => r[0] ?? '');
  return sample.some((c) => Number.isFinite(Number(c))) || parseDates(sample) === null ? null : header[0];
}

function toNumber(cell: string, thousands: string, decimal: string): number {
  let s = cell.replace(/[\s\u00a0]/g, '');
  if (thousands) {
    // separators only between digit groups of three: "12,037.88" but not "12,03"
    const t = thousands.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const d = decimal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`^[-+]?\\d{1,3}(${t}\\d{3})+(${d}\\d*)?$`).test(s)) s = s.split(thousands).join('');
  }
  if (decimal !== '.') {
    if (s.includes('.')) return NaN;
    s = s.replace(decimal, '.');
  }
  return s === '' ? NaN : Number(s);
}

function numberHint(cell: string, thousands: string, decimal: string): string {
  if (!thousands && /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cell)) return " (thousands separators? use --thousands ',' / the thousands option)";
  if (!thousands && /^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(cell)) return " (European format? use --thousands '.' --decimal ',')";
  if (decimal === '.' && /^[-+]?\d+,\d+$/.test(cell)) return " (decimal comma? use --decimal ',' / the decimal option)";
  return '';
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
