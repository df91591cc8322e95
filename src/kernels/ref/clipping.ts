// Reference kernels for gradient clipping and decoupled weight decay over ranges of the flat buffers
// (Keras base_optimizer.py `_clip_gradients`, `_apply_weight_decay`).
import type { FloatArray } from '../types.js';

/** Σ g[i]² for i in [start, end). */
export function sumSquares(g: FloatArray, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += g[i] * g[i];
  return s;
}

/** g[i] *= factor for i in [start, end). */
export function scaleRange(g: FloatArray, start: number, end: number, factor: number): void {
  for (let i = start; i < end; i++) g[i] *= factor;
}

/** g[i] = clip(g[i], −v, v) for i < n. */
export function clipByValue(g: FloatArray, n: number, v: number): void {
  for (let i = 0; i < n; i++) g[i] = Math.min(Math.max(g[i], -v), v);
}

/** w[i] −= w[i]·rate for i < n (rate = weightDecay·learningRate). */
export function decayWeights(w: FloatArray, n: number, rate: number): void {
  for (let i = 0; i < n; i++) w[i] -= w[i] * rate;
}
