// Reading source<TAB>target pairs from decoded text: one pair a line, exactly one tab, both sides non-empty after
// trimming; blank lines are skipped; '\r\n' line ends and a leading byte-order mark are accepted.
import { ValueError } from '../errors.js';

/** One pair and the line (1-based) it came from. */
export interface Pair {
  source: string;
  target: string;
  line: number;
}

/**
 * Parses `text` into pairs. `name` names the input in errors. Errors (ValueError, naming the line): a line without
 * a tab, with more than one tab, with an empty side; no pairs at all.
 */
export function parsePairs(text: string, name = 'input'): Pair[] {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const pairs: Pair[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const fields = raw.split('\t');
    const where = `line ${i + 1} of ${name}`;
    if (fields.length === 1) throw new ValueError(`${where} has no tab: ${JSON.stringify(raw.slice(0, 80))}; expected source<TAB>target`);
    if (fields.length > 2) throw new ValueError(`${where} has ${fields.length - 1} tabs; expected exactly one (source<TAB>target)`);
    const [source, target] = fields.map((f) => f.trim());
    if (source === '') throw new ValueError(`${where} has an empty source (before the tab); expected source<TAB>target`);
    if (target === '') throw new ValueError(`${where} has an empty target (after the tab); expected source<TAB>target`);
    pairs.push({ source, target, line: i + 1 });
  });
  if (pairs.length === 0) throw new ValueError(`${name} holds no pairs; expected one source<TAB>target pair per line`);
  return pairs;
}
