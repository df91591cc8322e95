// Character n-gram baselines with add-k smoothing, scored like the network: the mean negative log-likelihood per
// character in nats over each line plus its end marker. The context before a line's first character is the end
// marker repeated (makemore's '.' padding), so a bigram predicts c1 from [END] and a trigram from [END, END].
import { ConfigError, ValueError } from '../errors.js';
import { CharVocabulary, END } from './char_vocabulary.js';

/** The smoothing constants tried by `NgramModel.fit` when k is not given. */
export const K_GRID = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];

/**
 * P(c | previous n − 1 ids) = (count(context, c) + k) / (count(context) + k·V), V = the outcomes (characters
 * and the end marker, `vocab.size − 1`; padding is never an outcome). An unseen context gives 1/V.
 */
export class NgramModel {
  /** context key → outcome counts (length V, indexed by id − 1). */
  private constructor(readonly order: number, readonly vocab: CharVocabulary, readonly k: number, private readonly counts: Map<string, Float64Array>) {}

  /**
   * Counts the n-grams of `lines`. `k`: the add-k constant; when omitted it is chosen from `K_GRID` by the NLL
   * on every 10th line after counting the other nine (lines ≥ 10), then the counts are redone on all lines.
   * Errors: order < 1, k ≤ 0, a character outside `vocab`.
   */
  static fit(lines: readonly string[], vocab: CharVocabulary, order: number, k?: number): NgramModel {
    if (!Number.isInteger(order) || order < 1) throw new ConfigError(`NgramModel: order must be an integer >= 1; got ${order}`);
    if (k !== undefined && !(k > 0)) throw new ConfigError(`NgramModel: k must be > 0; got ${k}`);
    if (k === undefined) {
      k = 1;
      if (lines.length >= 10) {
        const fitPart = lines.filter((_, i) => i % 10 !== 9), heldOut = lines.filter((_, i) => i % 10 === 9);
        const counts = NgramModel.count(fitPart, vocab, order);
        let best = Infinity;
        for (const kk of K_GRID) {
          const nll = new NgramModel(order, vocab, kk, counts).score(heldOut);
          if (nll < best) { best = nll; k = kk; }
        }
      }
    }
    return new NgramModel(order, vocab, k, NgramModel.count(lines, vocab, order));
  }

  private static count(lines: readonly string[], vocab: CharVocabulary, order: number): Map<string, Float64Array> {
    const counts = new Map<string, Float64Array>();
    const V = vocab.size - 1;
    for (const line of lines) {
      NgramModel.events(vocab, line, order, (key, next) => {
        let row = counts.get(key);
        if (!row) counts.set(key, (row = new Float64Array(V)));
        row[next - 1]++;
      });
    }
    return counts;
  }

  /** Calls `f(contextKey, nextId)` for each character of the line and its end marker. */
  private static events(vocab: CharVocabulary, line: string, order: number, f: (key: string, next: number) => void): void {
    const ids = [...new Array<number>(order - 1).fill(END), ...vocab.encode(line), END];
    for (let t = order - 1; t < ids.length; t++) f(ids.slice(t - order + 1, t).join(','), ids[t]);
  }

  /** Mean NLL per character in nats (each line plus its end marker). Errors: no lines, unknown characters. */
  score(lines: readonly string[]): number {
    if (lines.length === 0) throw new ValueError('score: no lines to score');
    const V = this.vocab.size - 1;
    let total = 0, n = 0;
    const sums = new Map<string, number>();
    for (const line of lines) {
      NgramModel.events(this.vocab, line, this.order, (key, next) => {
        const row = this.counts.get(key);
        let sum = sums.get(key);
        if (sum === undefined) { sum = row ? row.reduce((a, b) => a + b, 0) : 0; sums.set(key, sum); }
        total -= Math.log(((row ? row[next - 1] : 0) + this.k) / (sum + this.k * V));
        n++;
      });
    }
    return total / n;
  }

  /** The counts as JSON: { order, k, counts: [[contextKey, [c0, c1, …]], …] }. */
  toJSON(): { order: number; k: number; counts: [string, number[]][] } {
    return { order: this.order, k: this.k, counts: [...this.counts].map(([key, row]) => [key, Array.from(row)]) };
  }

  /** Reads `toJSON`'s object for `vocab`. Errors: a malformed object or rows of the wrong length. */
  static fromJSON(json: unknown, vocab: CharVocabulary): NgramModel {
    const o = json as { order?: unknown; k?: unknown; counts?: unknown };
    const V = vocab.size - 1;
    if (typeof o !== 'object' || o === null || !Number.isInteger(o.order) || !(typeof o.k === 'number' && o.k > 0) || !Array.isArray(o.counts)) {
      throw new ValueError('n-gram baseline: expected {"order": n, "k": k, "counts": [...]}');
    }
    const counts = new Map<string, Float64Array>();
    for (const entry of o.counts as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1]) || entry[1].length !== V) throw new ValueError(`n-gram baseline: each count row must be [context, ${V} counts]`);
      counts.set(entry[0], Float64Array.from(entry[1] as number[]));
    }
    return new NgramModel(o.order as number, vocab, o.k, counts);
  }
}
