// Multinomial naive Bayes over token ids, as sklearn.naive_bayes.MultinomialNB with alpha = 1 (Laplace):
// log P(c) = log(N_c / N) (class frequencies of the training rows), log P(w | c) = log((n_cw + α) / (n_c + α·F)),
// where n_cw counts token w in the rows of class c, n_c = Σ_w n_cw and F = the number of features; a row scores
// log P(c) + Σ_tokens log P(w | c). Features are the ids 1 … V−1 of a TextVectorization vocabulary (id 1 = '[UNK]'
// counts as a word); id 0 (padding) is skipped. A text-classification baseline beside the recurrent network.
import { ValueError } from '../errors.js';

/** A fitted multinomial naive-Bayes model. */
export class MultinomialNB {
  /**
   * `classLogPrior[c]` = log P(c); `featureLogProb[c][w]` = log P(w | c) for ids w = 0 … V−1 (entry 0, the
   * padding id, is unused); `vocabularySize` = V.
   */
  constructor(readonly classLogPrior: Float64Array, readonly featureLogProb: Float64Array[], readonly vocabularySize: number, readonly alpha: number) {}

  /**
   * Counts tokens per class. `rows`: token ids in [0, V) (0 = padding, skipped); `labels`: class indices in [0, K).
   * A class without rows gets log P(c) = −∞ and is never predicted. Errors: no rows, lengths that differ, an id or
   * label out of range, alpha ≤ 0.
   */
  static fit(rows: readonly ArrayLike<number>[], labels: ArrayLike<number>, numClasses: number, vocabularySize: number, alpha = 1): MultinomialNB {
    if (rows.length === 0) throw new ValueError('MultinomialNB.fit: no rows to fit');
    if (rows.length !== labels.length) throw new ValueError(`MultinomialNB.fit: ${rows.length} rows but ${labels.length} labels`);
    if (!(alpha > 0)) throw new ValueError(`MultinomialNB.fit: alpha must be > 0; got ${alpha}`);
    const V = vocabularySize, K = numClasses;
    const counts = Array.from({ length: K }, () => new Float64Array(V));
    const classCount = new Float64Array(K);
    rows.forEach((row, r) => {
      const c = labels[r];
      if (!Number.isInteger(c) || c < 0 || c >= K) throw new ValueError(`MultinomialNB.fit: label ${c} of row ${r} is not a class index in [0, ${K})`);
      classCount[c]++;
      for (let t = 0; t < row.length; t++) {
        const w = row[t];
        if (w === 0) continue;
        if (!Number.isInteger(w) || w < 0 || w >= V) throw new ValueError(`MultinomialNB.fit: token id ${w} in row ${r} is not in [0, ${V})`);
        counts[c][w]++;
      }
    });
    const F = V - 1; // ids 1 … V−1
    const featureLogProb = counts.map((n) => {
      let total = 0;
      for (let w = 1; w < V; w++) total += n[w];
      const out = new Float64Array(V);
      for (let w = 1; w < V; w++) out[w] = Math.log((n[w] + alpha) / (total + alpha * F));
      return out;
    });
    const prior = Float64Array.from(classCount, (n) => Math.log(n / rows.length));
    return new MultinomialNB(prior, featureLogProb, V, alpha);
  }

  /** Joint log-likelihood log P(c) + Σ log P(w | c) per class ([K]) of one row of ids (0 skipped; ids ≥ V as '[UNK]', id 1). */
  jointLogLikelihood(row: ArrayLike<number>): Float64Array {
    const out = Float64Array.from(this.classLogPrior);
    for (let t = 0; t < row.length; t++) {
      let w = row[t];
      if (w === 0) continue;
      if (!(w > 0 && w < this.vocabularySize)) w = 1;
      for (let c = 0; c < out.length; c++) out[c] += this.featureLogProb[c][w];
    }
    return out;
  }

  /** Class probabilities per row ([B][K]), softmax of the joint log-likelihoods. */
  predictProba(rows: readonly ArrayLike<number>[]): Float64Array[] {
    return rows.map((row) => {
      const j = this.jointLogLikelihood(row);
      const m = Math.max(...j);
      let s = 0;
      for (let c = 0; c < j.length; c++) s += (j[c] = Math.exp(j[c] - m));
      return j.map((v) => v / s);
    });
  }

  /** The most probable class index per row (ties: the lower index). */
  predict(rows: readonly ArrayLike<number>[]): number[] {
    return rows.map((row) => argmax(this.jointLogLikelihood(row)));
  }

  toJSON(): { alpha: number; vocabulary_size: number; class_log_prior: (number | null)[]; feature_log_prob: number[][] } {
    const fin = (v: number) => (Number.isFinite(v) ? v : null); // −∞ (a class without rows) as null
    return { alpha: this.alpha, vocabulary_size: this.vocabularySize, class_log_prior: Array.from(this.classLogPrior, fin), feature_log_prob: this.featureLogProb.map((r) => Array.from(r)) };
  }

  /** Reads `toJSON`'s object. Errors: a malformed object, rows of the wrong length. */
  static fromJSON(json: unknown): MultinomialNB {
    const o = json as { alpha?: unknown; vocabulary_size?: unknown; class_log_prior?: unknown; feature_log_prob?: unknown };
    const V = o?.vocabulary_size;
    if (typeof o !== 'object' || o === null || typeof o.alpha !== 'number' || !Number.isInteger(V) || !Array.isArray(o.class_log_prior) || !Array.isArray(o.feature_log_prob)
      || o.feature_log_prob.length !== o.class_log_prior.length || !o.feature_log_prob.every((r) => Array.isArray(r) && r.length === V)) {
      throw new ValueError('naive Bayes baseline: expected {"alpha", "vocabulary_size": V, "class_log_prior": [K], "feature_log_prob": [K][V]}');
    }
    return new MultinomialNB(Float64Array.from(o.class_log_prior as (number | null)[], (v) => (v === null ? -Infinity : v)), (o.feature_log_prob as number[][]).map((r) => Float64Array.from(r)), V as number, o.alpha);
  }
}

/** Index of the largest value (the first on ties). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
