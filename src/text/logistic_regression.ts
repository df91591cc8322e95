// Bag-of-words logistic regression over token ids: a strong linear text-classification baseline beside the
// recurrent network. Each row becomes the set of its distinct ids 1 … V−1 (binary bag of words; id 0 = padding
// skipped, id 1 = '[UNK]' kept), scaled to unit L2 norm (so long and short texts weigh alike), and a softmax
// regression over K classes (K = 2 included: the softmax form is the logistic one with W = W₁ − W₀) minimises
//   L(W, b) = −(1/N) Σ_n log p(y_n | x_n) + (λ/2)·‖W‖²,   p(· | x) = softmax(xW + b)
// (bias not penalised) by full-batch Adam (Keras's defaults β₁ 0.9, β₂ 0.999, ε 1e-7, bias-corrected) from W = 0,
// b = 0. Deterministic: no random draws.
import { ValueError, checkOptions } from '../errors.js';
import { argmax } from './naive_bayes.js';

/** Rows as a sparse matrix (CSR): row n holds the features indices[offsets[n] … offsets[n+1]) with their values. */
export interface SparseRows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Options of `LogisticRegression.fit`. */
export interface LogisticRegressionOptions {
  /** L2 penalty λ on the weights (default 1e-4). */
  l2?: number;
  /** Full-batch Adam steps (default 300). */
  iterations?: number;
  /** Adam learning rate (default 0.05). */
  learningRate?: number;
}

/**
 * The binary bag of words of each row of ids, L2-normalised: the distinct ids w with 1 ≤ w < V, each with value
 * 1/√(number of distinct ids); a row with none stays empty. Ids ≥ V are counted as '[UNK]' (id 1).
 */
export function bagOfWords(rows: readonly ArrayLike<number>[], vocabularySize: number): SparseRows {
  const offsets = new Int32Array(rows.length + 1);
  const idx: number[] = [], val: number[] = [];
  rows.forEach((row, n) => {
    const set = new Set<number>();
    for (let t = 0; t < row.length; t++) {
      const w = row[t];
      if (w !== 0) set.add(w > 0 && w < vocabularySize ? w : 1);
    }
    const ids = [...set].sort((a, b) => a - b);
    for (const w of ids) { idx.push(w); val.push(1 / Math.sqrt(ids.length)); }
    offsets[n + 1] = idx.length;
  });
  return { offsets, indices: Int32Array.from(idx), values: Float64Array.from(val) };
}

/**
 * The objective L(W, b) above and its gradient, for W [V·K] (row-major: W[w·K + k]) and b [K]. `labels` are class
 * indices. Returns { loss, gradW [V·K], gradB [K] }.
 */
export function softmaxRegressionObjective(x: SparseRows, labels: ArrayLike<number>, W: Float64Array, b: Float64Array, l2: number): { loss: number; gradW: Float64Array; gradB: Float64Array } {
  const K = b.length, N = x.offsets.length - 1;
  const gradW = new Float64Array(W.length), gradB = new Float64Array(K);
  const z = new Float64Array(K);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    z.set(b);
    for (let i = x.offsets[n]; i < x.offsets[n + 1]; i++) {
      const base = x.indices[i] * K, v = x.values[i];
      for (let k = 0; k < K; k++) z[k] += v * W[base + k];
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, z[k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += (z[k] = Math.exp(z[k] - m));
    const y = labels[n];
    loss -= Math.log(Math.max(z[y] / s, 1e-300));
    for (let k = 0; k < K; k++) {
      const d = (z[k] / s - (k === y ? 1 : 0)) / N;
      gradB[k] += d;
      z[k] = d;
    }
    for (let i = x.offsets[n]; i < x.offsets[n + 1]; i++) {
      const base = x.indices[i] * K, v = x.values[i];
      for (let k = 0; k < K; k++) gradW[base + k] += v * z[k];
    }
  }
  loss /= N;
  let sq = 0;
  for (let i = 0; i < W.length; i++) { sq += W[i] * W[i]; gradW[i] += l2 * W[i]; }
  return { loss: loss + (l2 / 2) * sq, gradW, gradB };
}

/** A fitted bag-of-words logistic (softmax) regression. */
export class LogisticRegression {
  /** `weights` [V·K] row-major (weights[w·K + k]), `bias` [K]. */
  constructor(readonly weights: Float64Array, readonly bias: Float64Array, readonly vocabularySize: number, readonly l2: number) {}

  /**
   * Fits on rows of ids in [0, V) (see the file header for the features and the objective). Errors: no rows,
   * lengths that differ, a label out of range, bad options.
   */
  static fit(rows: readonly ArrayLike<number>[], labels: ArrayLike<number>, numClasses: number, vocabularySize: number, options: LogisticRegressionOptions = {}): LogisticRegression {
    checkOptions('LogisticRegression.fit', options, ['l2', 'iterations', 'learningRate']);
    const { l2 = 1e-4, iterations = 300, learningRate = 0.05 } = options;
    if (rows.length === 0) throw new ValueError('LogisticRegression.fit: no rows to fit');
    if (rows.length !== labels.length) throw new ValueError(`LogisticRegression.fit: ${rows.length} rows but ${labels.length} labels`);
    if (!(l2 >= 0)) throw new ValueError(`LogisticRegression.fit: l2 must be >= 0; got ${l2}`);
    if (!Number.isInteger(iterations) || iterations < 1) throw new ValueError(`LogisticRegression.fit: iterations must be a positive integer; got ${iterations}`);
    if (!(learningRate > 0)) throw new ValueError(`LogisticRegression.fit: learningRate must be > 0; got ${learningRate}`);
    for (let n = 0; n < labels.length; n++) {
      if (!Number.isInteger(labels[n]) || labels[n] < 0 || labels[n] >= numClasses) throw new ValueError(`LogisticRegression.fit: label ${labels[n]} of row ${n} is not a class index in [0, ${numClasses})`);
    }
    const K = numClasses, V = vocabularySize;
    const x = bagOfWords(rows, V);
    const params = [new Float64Array(V * K), new Float64Array(K)];
    const m = params.map((p) => new Float64Array(p.length)), v = params.map((p) => new Float64Array(p.length));
    const beta1 = 0.9, beta2 = 0.999, eps = 1e-7;
    for (let step = 1; step <= iterations; step++) {
      const { gradW, gradB } = softmaxRegressionObjective(x, labels, params[0], params[1], l2);
      const grads = [gradW, gradB];
      const c1 = 1 - beta1 ** step, c2 = 1 - beta2 ** step;
      for (let j = 0; j < 2; j++) {
        const p = params[j], g = grads[j], mj = m[j], vj = v[j];
        for (let i = 0; i < p.length; i++) {
          mj[i] = beta1 * mj[i] + (1 - beta1) * g[i];
          vj[i] = beta2 * vj[i] + (1 - beta2) * g[i] * g[i];
          p[i] -= (learningRate * (mj[i] / c1)) / (Math.sqrt(vj[i] / c2) + eps);
        }
      }
    }
    return new LogisticRegression(params[0], params[1], V, l2);
  }

  /** Class probabilities per row ([B][K]). */
  predictProba(rows: readonly ArrayLike<number>[]): Float64Array[] {
    const K = this.bias.length;
    const x = bagOfWords(rows, this.vocabularySize);
    return rows.map((_, n) => {
      const z = Float64Array.from(this.bias);
      for (let i = x.offsets[n]; i < x.offsets[n + 1]; i++) for (let k = 0; k < K; k++) z[k] += x.values[i] * this.weights[x.indices[i] * K + k];
      const m = Math.max(...z);
      let s = 0;
      for (let k = 0; k < K; k++) s += (z[k] = Math.exp(z[k] - m));
      return z.map((e) => e / s);
    });
  }

  /** The most probable class index per row. */
  predict(rows: readonly ArrayLike<number>[]): number[] {
    return this.predictProba(rows).map(argmax);
  }

  toJSON(): { l2: number; vocabulary_size: number; weights: number[]; bias: number[] } {
    return { l2: this.l2, vocabulary_size: this.vocabularySize, weights: Array.from(this.weights, (w) => Number(w.toPrecision(8))), bias: Array.from(this.bias) };
  }

  /** Reads `toJSON`'s object. Errors: a malformed object. */
  static fromJSON(json: unknown): LogisticRegression {
    const o = json as { l2?: unknown; vocabulary_size?: unknown; weights?: unknown; bias?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.l2 !== 'number' || !Number.isInteger(o.vocabulary_size) || !Array.isArray(o.weights) || !Array.isArray(o.bias)
      || o.bias.length === 0 || o.weights.length !== (o.vocabulary_size as number) * o.bias.length) {
      throw new ValueError('logistic-regression baseline: expected {"l2", "vocabulary_size": V, "weights": [V·K], "bias": [K]}');
    }
    return new LogisticRegression(Float64Array.from(o.weights as number[]), Float64Array.from(o.bias as number[]), o.vocabulary_size as number, o.l2);
  }
}
