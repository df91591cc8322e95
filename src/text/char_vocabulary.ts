// A character vocabulary for name-like lines (makemore style): id 0 = padding, id 1 = the end marker (also fed as
// the start token), ids 2.. = the characters seen in training, sorted by code point. Lines become training
// windows: input [1, c1, …, cn], target [c1, …, cn, 1], padded with 0 to the longest line.
import { ValueError } from '../errors.js';

/** Padding id (masked by `Embedding({ maskZero: true })` and skipped by the loss). */
export const PAD = 0;
/** End-of-line id; also the first input of every line (makemore's '.'). */
export const END = 1;

/** Characters ↔ ids. Characters are Unicode code points. */
export class CharVocabulary {
  private readonly index: Map<string, number>;

  /** `chars`: the characters for ids 2, 3, …, in that order (no duplicates, one code point each). */
  constructor(readonly chars: readonly string[]) {
    this.index = new Map();
    chars.forEach((c, i) => {
      if ([...c].length !== 1) throw new ValueError(`CharVocabulary: each entry must be one character; got ${JSON.stringify(c)}`);
      if (this.index.has(c)) throw new ValueError(`CharVocabulary: character ${JSON.stringify(c)} appears twice`);
      this.index.set(c, i + 2);
    });
  }

  /** The characters of `lines`, sorted by code point. Errors: no lines, or only empty lines. */
  static fromLines(lines: readonly string[]): CharVocabulary {
    const set = new Set<string>();
    for (const line of lines) for (const c of line) set.add(c);
    if (set.size === 0) throw new ValueError(`CharVocabulary: no characters in ${lines.length} line(s); expected at least one non-empty line`);
    return new CharVocabulary([...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
  }

  /** Number of ids, padding and end marker included. */
  get size(): number {
    return this.chars.length + 2;
  }

  /** The ids of a line's characters (no end marker). Errors: a character outside the vocabulary, named with its place. */
  encode(line: string): number[] {
    return [...line].map((c, i) => {
      const id = this.index.get(c);
      if (id === undefined) throw new ValueError(`character ${JSON.stringify(c)} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) at position ${i} of ${JSON.stringify(line)} is not in the vocabulary (${this.chars.join('')})`);
      return id;
    });
  }

  /** Ids back to text; stops at the end marker, skips padding. Errors: an id outside [0, size). */
  decode(ids: readonly number[]): string {
    let s = '';
    for (const id of ids) {
      if (id === END) break;
      if (id === PAD) continue;
      const c = this.chars[id - 2];
      if (c === undefined) throw new ValueError(`decode: id ${id} is not in [0, ${this.size})`);
      s += c;
    }
    return s;
  }

  /** True when every character of `line` is in the vocabulary. */
  covers(line: string): boolean {
    for (const c of line) if (!this.index.has(c)) return false;
    return true;
  }

  toJSON(): { chars: string[]; pad: number; end: number } {
    return { chars: [...this.chars], pad: PAD, end: END };
  }

  /** Reads `toJSON`'s object. Errors: anything else. */
  static fromJSON(json: unknown): CharVocabulary {
    const o = json as { chars?: unknown; pad?: unknown; end?: unknown };
    if (typeof o !== 'object' || o === null || !Array.isArray(o.chars) || !o.chars.every((c) => typeof c === 'string') || o.pad !== PAD || o.end !== END) {
      throw new ValueError(`vocabulary: expected {"chars": [...], "pad": ${PAD}, "end": ${END}}`);
    }
    return new CharVocabulary(o.chars as string[]);
  }
}

/** Training windows: x[i] = [END, c1..cn, 0…], y[i] = [c1..cn, END, 0…], each row `length` long (longest line + 1). */
export interface CharWindows {
  x: Int32Array[];
  y: Int32Array[];
  length: number;
}

/** Builds the windows of `lines` (each line plus the end token). `length` pads to at least that many steps. */
export function charWindows(vocab: CharVocabulary, lines: readonly string[], length = 0): CharWindows {
  const encoded = lines.map((l) => vocab.encode(l));
  const T = Math.max(length, ...encoded.map((e) => e.length + 1));
  const x: Int32Array[] = [], y: Int32Array[] = [];
  for (const ids of encoded) {
    const xi = new Int32Array(T), yi = new Int32Array(T);
    xi[0] = END;
    ids.forEach((id, t) => { xi[t + 1] = id; yi[t] = id; });
    yi[ids.length] = END;
    x.push(xi);
    y.push(yi);
  }
  return { x, y, length: T };
}
