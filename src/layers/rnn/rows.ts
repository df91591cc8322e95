// Row copies the recurrent layers need around their kernels, without allocating views.
import type { FloatArray } from '../../kernels/types.js';

/** out[b, :] = hs[b, T−1, :] (the state after the last processing step), without allocating. Returns out. */
export function copyLastStep(out: FloatArray, hs: FloatArray, B: number, T: number, H: number): FloatArray {
  for (let b = 0; b < B; b++) {
    const src = (b * T + T - 1) * H;
    for (let j = 0; j < H; j++) out[b * H + j] = hs[src + j];
  }
  return out;
}

/** dst[0..n) = src[0..n) without allocating a view. */
export function copy(dst: FloatArray, src: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = src[i];
}
