// Subtract (Keras 3 keras/src/layers/merging/subtract.py): x1 − x2 for exactly two inputs (shapes broadcast as
// in Merge). Masks do not change the result; the output mask is the OR of the input masks (Merge).
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { layerArgNames, type LayerArgs } from '../layer.js';
import { Merge } from './merge.js';

/** [x1, x2] (each [B, ...]) → x1 − x2 ([B, ...broadcast shape]); any other input count is an error. */
export class Subtract extends Merge {
  static override className = 'Subtract';

  constructor(args: LayerArgs = {}) {
    checkOptions('Subtract', args, layerArgNames);
    super(args);
    this.minInputs = 2;
    this.maxInputs = 2;
  }

  protected mergeForward(xs: readonly FloatArray[], y: FloatArray, B: number): void {
    const n = B * this.outSize, a = xs[0], b = xs[1];
    for (let i = 0; i < n; i++) y[i] = a[i] - b[i];
  }

  protected mergeBackward(dy: FloatArray, gs: readonly FloatArray[], need: readonly boolean[], B: number): void {
    const n = B * this.outSize;
    if (need[0]) gs[0].set(dy.subarray(0, n));
    if (need[1]) { const g = gs[1]; for (let i = 0; i < n; i++) g[i] = -dy[i]; }
  }
}

registerLayer(Subtract);
