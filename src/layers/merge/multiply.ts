// Multiply (Keras 3 keras/src/layers/merging/multiply.py): the elementwise product of a list of inputs (shapes
// broadcast as in Merge). With masks (Keras 3): a masked-out step of an input counts as 1; when every input has a
// mask, steps masked out in all of them give 0. The output mask is the OR of the input masks.
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { layerArgNames, type LayerArgs } from '../layer.js';
import { Merge } from './merge.js';

/** [x1, …, xn] (each [B, ...]; masked: [B, T, F]) → x1 ⊙ … ⊙ xn ([B, ...broadcast shape]). */
export class Multiply extends Merge {
  static override className = 'Multiply';
  private masks: readonly (Uint8Array | null)[] = [];
  private F = 1;

  constructor(args: LayerArgs = {}) {
    checkOptions('Multiply', args, layerArgNames);
    super(args);
  }

  /** Input k's value at flat position i as Keras's masked product reads it (1 where masked out). */
  private v(k: number, i: number): number {
    const m = this.masks[k];
    return m && m[Math.floor(i / this.F)] === 0 ? 1 : this.xs[k][i];
  }

  /** 0 where every input is masked out at position i (all inputs masked), else 1. */
  private keep(i: number): number {
    if (!this.masks.every((m) => m !== null)) return 1;
    const s = Math.floor(i / this.F);
    return this.masks.some((m) => m![s] === 1) ? 1 : 0;
  }

  protected mergeForward(xs: readonly FloatArray[], y: FloatArray, B: number, masks: readonly (Uint8Array | null)[]): void {
    const n = B * this.outSize;
    this.masks = masks.some((m) => m !== null) ? masks : [];
    if (this.masks.length > 0) this.F = this.checkMaskable(masks, B);
    if (this.masks.length === 0) {
      const x0 = xs[0];
      for (let i = 0; i < n; i++) y[i] = x0[i];
      for (let k = 1; k < xs.length; k++) { const x = xs[k]; for (let i = 0; i < n; i++) y[i] *= x[i]; }
      return;
    }
    for (let i = 0; i < n; i++) {
      let p = this.keep(i);
      for (let k = 0; k < xs.length && p !== 0; k++) p *= this.v(k, i);
      y[i] = p;
    }
  }

  protected mergeBackward(dy: FloatArray, gs: readonly FloatArray[], need: readonly boolean[], B: number): void {
    const n = B * this.outSize, count = need.length, masked = this.masks.length > 0;
    for (let k = 0; k < count; k++) {
      if (!need[k]) continue;
      const g = gs[k], mk = masked ? this.masks[k] : null;
      for (let i = 0; i < n; i++) {
        if (mk && mk[Math.floor(i / this.F)] === 0) { g[i] = 0; continue; }
        let p = dy[i] * (masked ? this.keep(i) : 1);
        for (let j = 0; j < count && p !== 0; j++) if (j !== k) p *= masked ? this.v(j, i) : this.xs[j][i];
        g[i] = p;
      }
    }
  }
}

registerLayer(Multiply);
