// Choosing the next token from a model's output distribution: greedy (argmax) and seeded sampling with
// temperature, top-k and top-p (nucleus) filtering, in the order KerasHub's samplers apply them
// (keras_hub/src/samplers: softmax(logits / temperature), keep the k most probable, keep the smallest set whose
// probability reaches p, renormalise, draw). Draws come from rnnkit's Random, so a seed repeats a run.
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { Random, getRandom } from '../random/random.js';

/** Options of `sample`. */
export interface SampleOptions {
  /** Divides the logits (sharpens below 1, flattens above 1); default 1. Must be > 0. */
  temperature?: number;
  /** Keep only the k most probable tokens (default: all). */
  topK?: number | null;
  /** Keep the smallest set of most probable tokens whose probability reaches p, 0 < p ≤ 1 (default 1: all). */
  topP?: number | null;
  /** The row holds logits (any reals) instead of probabilities (non-negative; default false). */
  fromLogits?: boolean;
  /** A seed for a fresh generator used for this one draw. */
  seed?: number;
  /** A generator to draw from (repeated calls continue its stream); default the global one (setRandomSeed). */
  random?: Random;
}

const KNOWN = ['temperature', 'topK', 'topP', 'fromLogits', 'seed', 'random'];

/** Index of the largest value (the first one on ties). Errors: an empty row or non-finite values. */
export function greedy(row: ArrayLike<number>): number {
  checkRow(row, 'greedy');
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * The filtered, renormalised distribution `sample` draws from: probabilities (float64) over the row's indices.
 * With fromLogits: softmax(logits / T); else p^(1/T) renormalised (the same thing for p = softmax(logits)).
 */
export function samplingDistribution(row: ArrayLike<number>, options: Omit<SampleOptions, 'seed' | 'random'> = {}): Float64Array {
  checkOptions('sample', options, KNOWN);
  checkRow(row, 'sample');
  const t = options.temperature ?? 1;
  if (!(t > 0) || !Number.isFinite(t)) throw new ConfigError(`sample: temperature must be a positive number; got ${t}`);
  const n = row.length;
  const logp = new Float64Array(n);
  if (options.fromLogits) {
    for (let i = 0; i < n; i++) logp[i] = row[i] / t;
  } else {
    for (let i = 0; i < n; i++) {
      if (row[i] < 0) throw new ValueError(`sample: probabilities must be >= 0; got ${row[i]} at index ${i} (pass fromLogits: true for logits)`);
      logp[i] = row[i] > 0 ? Math.log(row[i]) / t : -Infinity;
    }
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logp[i] > max) max = logp[i];
  if (max === -Infinity) throw new ValueError('sample: every probability is 0');
  const p = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += p[i] = Math.exp(logp[i] - max);
  for (let i = 0; i < n; i++) p[i] /= sum;
  const k = options.topK ?? null, topP = options.topP ?? null;
  if (k !== null && (!Number.isInteger(k) || k < 1)) throw new ConfigError(`sample: topK must be a positive integer; got ${k}`);
  if (topP !== null && !(topP > 0 && topP <= 1)) throw new ConfigError(`sample: topP must be in (0, 1]; got ${topP}`);
  if (k === null && topP === null) return p;
  // most probable first; equal probabilities keep index order
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  let keep = Math.min(k ?? n, n);
  if (topP !== null) {
    let cum = 0, m = 0;
    while (m < keep) {
      cum += p[order[m++]];
      if (cum >= topP) break; // the token that crosses p is kept (KerasHub TopPSampler)
    }
    keep = m;
  }
  const out = new Float64Array(n);
  let kept = 0;
  for (let j = 0; j < keep; j++) kept += p[order[j]];
  for (let j = 0; j < keep; j++) out[order[j]] = p[order[j]] / kept;
  return out;
}

/**
 * Draws one index from a row of probabilities or logits after temperature, top-k and top-p (see
 * `samplingDistribution`). Errors: empty / non-finite rows, negative probabilities, bad option values.
 */
export function sample(row: ArrayLike<number>, options: SampleOptions = {}): number {
  checkOptions('sample', options, KNOWN);
  const { seed, random, ...rest } = options;
  if (seed !== undefined && random !== undefined) throw new ConfigError('sample: pass seed or random, not both');
  const rng = random ?? (seed !== undefined ? new Random(seed) : getRandom());
  return drawFrom(samplingDistribution(row, rest), rng.uniform());
}

/** The index whose cumulative probability first exceeds u ∈ [0, 1) (the last non-zero one for rounding). */
export function drawFrom(p: ArrayLike<number>, u: number): number {
  let cum = 0, last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    last = i;
    cum += p[i];
    if (u < cum) return i;
  }
  return last;
}

function checkRow(row: ArrayLike<number>, who: string): void {
  if (row == null || typeof row.length !== 'number' || row.length === 0) throw new ValueError(`${who} expects a non-empty row of numbers; got ${row == null ? row : `length ${row.length}`}`);
  for (let i = 0; i < row.length; i++) {
    if (typeof row[i] !== 'number' || !Number.isFinite(row[i])) throw new ValueError(`${who}: value ${i} is ${row[i]}; every value must be a finite number`);
  }
}
