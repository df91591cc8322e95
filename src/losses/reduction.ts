// From row losses to the batch loss, as Keras losses/loss.py: the row losses are multiplied by their
// weights (sample weights × the timestep mask), summed, and divided by the number of rows — Keras's
// `sum_over_batch_size` reduction. The gradient rows are scaled by the same factors.
import type { FloatArray } from '../kernels/types.js';

/** Σ_r w_r·loss_r / rows; dy row r scaled by w_r/rows (w null means weight 1 everywhere). */
export function reduceRows(rowLoss: FloatArray, dy: FloatArray | null, rows: number, D: number, w: FloatArray | null): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const wr = w ? w[r] : 1;
    sum += wr * rowLoss[r];
    if (!dy) continue;
    const scale = wr / rows;
    for (let j = r * D, end = j + D; j < end; j++) dy[j] *= scale;
  }
  return sum / rows;
}

/**
 * Row weights from a timestep mask and optional sample weights (Keras apply_mask): the mask (one entry per
 * `group` consecutive rows) is rescaled by total/valid so the reduction is the mean over unmasked rows, then
 * multiplied by the sample weights. w[r] for r < rows.
 */
export function maskedWeights(w: FloatArray, mask: Uint8Array, group: number, sample: FloatArray | null, rows: number): void {
  const entries = rows / group;
  let valid = 0;
  for (let i = 0; i < entries; i++) if (mask[i] !== 0) valid++;
  const scale = valid === 0 ? 0 : entries / valid;
  for (let r = 0; r < rows; r++) {
    const m = mask[Math.floor(r / group)] !== 0 ? scale : 0;
    w[r] = sample ? m * sample[r] : m;
  }
}
