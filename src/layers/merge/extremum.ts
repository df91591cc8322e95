// Extremum: what Maximum and Minimum share (Keras 3 base_merge.py `_apply_merge_op_and_or_mask` with
// ops.maximum / ops.minimum). Each output value is taken from one input, the "winner":
// - the largest (Maximum) / smallest (Minimum) among the inputs not masked out at that step; on ties the earliest
//   input wins, as TensorFlow's and TF.js's gradient of maximum/minimum (the first argument on equality);
// - where every input is masked out, input 0 (Keras's fold keeps its running value).
// The gradient goes to the winner only. The output mask is the OR of the input masks (when all are given).
import type { FloatArray } from '../../kernels/types.js';
import { Merge } from './merge.js';

export abstract class Extremum extends Merge {
  private winner = new Int32Array(0);
  /** +1 for Maximum, −1 for Minimum. */
  protected abstract readonly sign: number;

  protected mergeForward(xs: readonly FloatArray[], y: FloatArray, B: number, masks: readonly (Uint8Array | null)[]): void {
    const n = B * this.outSize, s = this.sign;
    if (this.winner.length < n) this.winner = new Int32Array(n);
    const w = this.winner;
    const masked = masks.some((m) => m !== null);
    const F = masked ? this.checkMaskable(masks, B) : 1;
    for (let i = 0; i < n; i++) {
      let best = -1, bestV = 0;
      const step = masked ? Math.floor(i / F) : 0;
      for (let k = 0; k < xs.length; k++) {
        const m = masks[k];
        if (m && m[step] === 0) continue;
        const v = xs[k][i] * s;
        if (best < 0 || v > bestV) { best = k; bestV = v; }
      }
      if (best < 0) best = 0;
      w[i] = best;
      y[i] = xs[best][i];
    }
  }

  protected mergeBackward(dy: FloatArray, gs: readonly FloatArray[], need: readonly boolean[], B: number): void {
    const n = B * this.outSize, w = this.winner;
    for (let k = 0; k < need.length; k++) {
      if (!need[k]) continue;
      const g = gs[k];
      for (let i = 0; i < n; i++) g[i] = w[i] === k ? dy[i] : 0;
    }
  }
}
