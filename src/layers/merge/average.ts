// Average (Keras 3 keras/src/layers/merging/average.py): the elementwise mean of a list of inputs, (x1 + … + xn)/n
// (shapes broadcast as in Merge). Masks do not change the result; the output mask is the OR of the input masks.
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { layerArgNames, type LayerArgs } from '../layer.js';
import { Merge } from './merge.js';

/** [x1, …, xn] (each [B, ...]) → (x1 + … + xn) / n ([B, ...broadcast shape]). */
export class Average extends Merge {
  static override className = 'Average';

  constructor(args: LayerArgs = {}) {
    checkOptions('Average', args, layerArgNames);
    super(args);
  }

  protected mergeForward(xs: readonly FloatArray[], y: FloatArray, B: number): void {
    const n = B * this.outSize;
    const x0 = xs[0];
    for (let i = 0; i < n; i++) y[i] = x0[i];
    for (let k = 1; k < xs.length; k++) { const x = xs[k]; for (let i = 0; i < n; i++) y[i] += x[i]; }
    const inv = xs.length;
    for (let i = 0; i < n; i++) y[i] /= inv;
  }

  protected mergeBackward(dy: FloatArray, gs: readonly FloatArray[], need: readonly boolean[], B: number): void {
    const n = B * this.outSize, count = need.length;
    for (let k = 0; k < count; k++) {
      if (!need[k]) continue;
      const g = gs[k];
      for (let i = 0; i < n; i++) g[i] = dy[i] / count;
    }
  }
}

registerLayer(Average);
