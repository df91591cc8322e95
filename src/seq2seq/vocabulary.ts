// Tokens of one side of a seq2seq pair and their ids. A side is split into characters (Unicode code points) or
// at whitespace (runs of spaces/tabs; leading and trailing whitespace ignored). Ids: 0 = padding, 1 = END (also
// the decoder's start token, as makemore's '.'), 2.. = the tokens seen in training, sorted by code point.
import { ValueError } from '../errors.js';

/** Padding id (masked by `Embedding({ maskZero: true })`, skipped by the loss). */
export const PAD = 0;
/** End-of-sequence id; also the first decoder input. */
export const END = 1;

/** How a side of a pair is cut into tokens: 'character' (code points) or 'whitespace' (Keras TextVectorization's names). */
export type TokenSplit = 'character' | 'whitespace';

/** The tokens of `text` under `split`. */
export function splitTokens(text: string, split: TokenSplit): string[] {
  if (split === 'character') return [...text];
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** Tokens back to text: concatenated for 'character', joined by one space for 'whitespace'. */
export function joinTokens(tokens: readonly string[], split: TokenSplit): string {
  return tokens.join(split === 'character' ? '' : ' ');
}

/** Tokens ↔ ids for one side. */
export class TokenVocabulary {
  private readonly index = new Map<string, number>();

  /** `tokens`: the tokens for ids 2, 3, … in that order (distinct, non-empty). */
  constructor(readonly tokens: readonly string[]) {
    tokens.forEach((tok, i) => {
      if (typeof tok !== 'string' || tok.length === 0) throw new ValueError(`TokenVocabulary: token ${i} must be a non-empty string; got ${JSON.stringify(tok)}`);
      if (this.index.has(tok)) throw new ValueError(`TokenVocabulary: token ${JSON.stringify(tok)} appears twice`);
      this.index.set(tok, i + 2);
    });
  }

  /** The distinct tokens of `sequences`, sorted by code point. Errors: no tokens at all. */
  static fromSequences(sequences: readonly (readonly string[])[]): TokenVocabulary {
    const set = new Set<string>();
    for (const s of sequences) for (const t of s) set.add(t);
    if (set.size === 0) throw new ValueError(`TokenVocabulary: no tokens in ${sequences.length} sequence(s)`);
    return new TokenVocabulary([...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Number of ids, padding and END included. */
  get size(): number {
    return this.tokens.length + 2;
  }

  /** The id of a token, or undefined. */
  id(token: string): number | undefined {
    return this.index.get(token);
  }

  /** Ids of `tokens` (no END). Errors: a token outside the vocabulary, named with its position. */
  encode(tokens: readonly string[]): number[] {
    return tokens.map((t, i) => {
      const id = this.index.get(t);
      if (id === undefined) throw new ValueError(`token ${JSON.stringify(t)} at position ${i + 1} is not in the vocabulary seen in training (${this.tokens.length} tokens: ${this.tokens.slice(0, 60).join(' ')}${this.tokens.length > 60 ? ' …' : ''})`);
      return id;
    });
  }

  /** Ids back to tokens; stops at END, skips padding. Errors: an id outside [0, size). */
  decode(ids: readonly number[]): string[] {
    const out: string[] = [];
    for (const id of ids) {
      if (id === END) break;
      if (id === PAD) continue;
      const t = this.tokens[id - 2];
      if (t === undefined) throw new ValueError(`decode: id ${id} is not in [0, ${this.size})`);
      out.push(t);
    }
    return out;
  }

  /** The first token of `tokens` outside the vocabulary, or null. */
  unknown(tokens: readonly string[]): string | null {
    for (const t of tokens) if (!this.index.has(t)) return t;
    return null;
  }

  toJSON(): { tokens: string[]; pad: number; end: number } {
    return { tokens: [...this.tokens], pad: PAD, end: END };
  }

  /** Reads `toJSON`'s object. Errors: anything else. */
  static fromJSON(json: unknown): TokenVocabulary {
    const o = json as { tokens?: unknown; pad?: unknown; end?: unknown };
    if (typeof o !== 'object' || o === null || !Array.isArray(o.tokens) || !o.tokens.every((t) => typeof t === 'string') || o.pad !== PAD || o.end !== END) {
      throw new ValueError(`vocabulary: expected {"tokens": [...], "pad": ${PAD}, "end": ${END}}`);
    }
    return new TokenVocabulary(o.tokens as string[]);
  }
}
