// Add (Keras 3 keras/src/layers/merging/add.py): the elementwise sum of a list of inputs (shapes broadcast as
// in Merge). Keras's Add ignores masks in its result; the output mask is the OR of the input masks (Merge).
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { layerArgNames, type LayerArgs } from '../layer.js';
import { Merge } from './merge.js';

/** [x1, x2, …] (each [B, ...]) → x1 + x2 + … ([B, ...broadcast shape]). */
export class Add extends Merge {
  static override className = 'Add';

  constructor(args: LayerArgs = {}) {
    checkOptions('Add', args, layerArgNames);
    super(args);
  }

  protected mergeForward(xs: readonly FloatArray[], y: FloatArray, B: number): void {
    const n = B * this.outSize;
    const x0 = xs[0];
    for (let i = 0; i < n; i++) y[i] = x0[i];
    for (let k = 1; k < xs.length; k++) { const x = xs[k]; for (let i = 0; i < n; i++) y[i] += x[i]; }
  }

  protected mergeBackward(dy: FloatArray, gs: readonly FloatArray[], need: readonly boolean[], B: number): void {
    const n = B * this.outSize;
    for (let k = 0; k < need.length; k++) if (need[k]) gs[k].set(dy.subarray(0, n));
  }
}

registerLayer(Add);
