// Labelled texts from CSV (parsed by csv-parse): a header row names the columns; one column holds the text and
// (for training and evaluation) one the label. The delimiter (',', ';', tab or '|') is detected from the header
// unless given. Quoted cells may hold delimiters, quotes ("") and line breaks, as emails do. Errors name the file,
// the row (1-based, counting the header, as a spreadsheet shows it) and, for an unknown column, the columns present.
import { parse } from 'csv-parse/sync';
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { detectDelimiter } from '../forecast/csv.js';

/** Options of `readTextCsv`. */
export interface ReadTextCsvOptions {
  /** The column holding the texts (required). */
  text: string;
  /** The column holding the labels (omit when there are none, e.g. for prediction). */
  label?: string;
  /** Field delimiter; default: detected from the header among ',', ';', tab and '|'. */
  delimiter?: string;
  /** Name used in error messages (the file name). */
  source?: string;
}

/** What `readTextCsv` returns: the texts, their labels (null without a label column) and the header. */
export interface TextCsv {
  texts: string[];
  labels: string[] | null;
  columns: string[];
}

/**
 * Reads the text (and label) column of CSV text. Cells are kept as written (no trimming); an empty text is
 * allowed (it has no tokens), an empty label is not. Errors: no data rows, a header repeating a name, an unknown
 * column (the present ones listed), an empty label (row named), unparsable CSV.
 */
export function readTextCsv(csv: string, options: ReadTextCsvOptions): TextCsv {
  checkOptions('readTextCsv', options, ['text', 'label', 'delimiter', 'source']);
  const where = options.source ? `'${options.source}'` : 'the CSV';
  const body = csv.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ValueError(`${where} is empty; expected a header row naming the columns (e.g. text,label) and one row per example`);
  const delimiter = options.delimiter ?? detectDelimiter(body);
  let records: string[][];
  try {
    records = parse(body, { skip_empty_lines: true, delimiter, relax_column_count: false }) as string[][];
  } catch (e) {
    throw new ValueError(`${where}: cannot parse the CSV: ${(e as Error).message}`);
  }
  const header = records[0].map((h) => h.trim());
  if (new Set(header).size !== header.length) throw new ValueError(`${where}: the header repeats a column name (${header.join(', ')})`);
  const column = (name: string, flag: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new ConfigError(`${where} has no column '${name}' (${flag}); its columns are: ${header.map((h) => JSON.stringify(h)).join(', ')}`);
    return i;
  };
  const ti = column(options.text, 'the text column');
  const li = options.label === undefined ? -1 : column(options.label, 'the label column');
  if (records.length < 2) throw new ValueError(`${where} has a header but no data rows; expected one row per example`);
  const rows = records.slice(1);
  const texts = rows.map((r) => r[ti]);
  let labels: string[] | null = null;
  if (li >= 0) {
    labels = rows.map((r, i) => {
      const v = r[li].trim();
      if (v === '') throw new ValueError(`${where}: row ${i + 2} has an empty label in column '${options.label}'`);
      return v;
    });
  }
  return { texts, labels, columns: header };
}

/** One CSV cell: quoted (with "" for a quote) when it holds a delimiter, quote, line break or outer space. */
export function csvCell(value: string, delimiter = ','): string {
  return /["\r\n]|^\s|\s$/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text with a header: columns[i] heads the cells rows[·][i]. */
export function writeTextCsv(columns: readonly string[], rows: readonly (readonly string[])[], delimiter = ','): string {
  return [columns, ...rows].map((r) => r.map((c) => csvCell(c, delimiter)).join(delimiter)).join('\n') + '\n';
}

/** A text on one line for `input<TAB>prediction` output: backslash, tab, line feed and carriage return escaped as \\ \t \n \r. */
export function escapeLine(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
