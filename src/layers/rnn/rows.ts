// Row copies and row masking the recurrent layers need around their kernels (long copies as block copies).
import type { FloatArray } from '../../kernels/types.js';
import { copyRow } from '../../kernels/ref/recurrent_common.js';

/** out[b, :] = hs[b, T−1, :] (the state after the last processing step), without allocating. Returns out. */
export function copyLastStep(out: FloatArray, hs: FloatArray, B: number, T: number, H: number): FloatArray {
  for (let b = 0; b < B; b++) {
    const src = (b * T + T - 1) * H;
    for (let j = 0; j < H; j++) out[b * H + j] = hs[src + j];
  }
  return out;
}

/** dst[0..n) = src[0..n) (kernels' copyRow: a loop for short runs, a block copy for long ones). */
export function copy(dst: FloatArray, src: FloatArray, n: number): void {
  copyRow(dst, 0, src, 0, n);
}

/**
 * Where Keras outputs zeros under a mask (backend rnn: a masked step repeats the previous *output*, which starts
 * as zeros): every masked step with zeroOutputForMask, else the masked steps before a sample's first unmasked one.
 * The state itself is carried either way. buf is [B, T, H] by processing step, or with `lastOnly` [B, H], zeroed
 * for samples with no unmasked step at all. mask is [B, T] by input time (1 = real step).
 */
export function zeroMaskedRows(buf: FloatArray, mask: Uint8Array, B: number, T: number, H: number, goBackwards: boolean, zeroOutputForMask: boolean, lastOnly: boolean): void {
  for (let b = 0; b < B; b++) {
    let started = false;
    for (let s = 0; s < T; s++) {
      const t = goBackwards ? T - 1 - s : s;
      if (mask[b * T + t] !== 0) { started = true; continue; }
      if (!lastOnly && (zeroOutputForMask || !started)) buf.fill(0, (b * T + s) * H, (b * T + s + 1) * H);
    }
    if (lastOnly && !started) buf.fill(0, b * H, (b + 1) * H);
  }
}
