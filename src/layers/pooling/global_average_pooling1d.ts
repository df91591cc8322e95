// GlobalAveragePooling1D (Keras layers/pooling/global_average_pooling1d.py): the mean over steps, per channel.
// [B, T, C] → [B, C] ([B, 1, C] with keepdims). Mask-aware as Keras: with a [B, T] mask the mean is over the
// unmasked steps only, Σ_t m·x / Σ_t m.
import { registerLayer } from '../../registry/registry.js';
import type { FloatArray } from '../../kernels/types.js';
import type { ForwardContext } from '../layer.js';
import { GlobalPooling1D, type GlobalPooling1DArgs } from './global_pooling1d.js';

/** Mean over the (unmasked) steps: [B, T, C] → [B, C]. */
export class GlobalAveragePooling1D extends GlobalPooling1D {
  static override className = 'GlobalAveragePooling1D';
  private mask: Uint8Array | null = null;
  private counts = new Float64Array(0);

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.prepare(B, ctx.inputShape);
    const { T, C } = this.geo;
    const mask = ctx.mask;
    this.mask = mask;
    if (this.counts.length < B) this.counts = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      let count = 0;
      for (let t = 0; t < T; t++) if (!mask || mask[b * T + t]) count++;
      this.counts[b] = count;
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let t = 0; t < T; t++) if (!mask || mask[b * T + t]) sum += x[(b * T + t) * C + c];
        // Keras: an all-masked sample gives 0/0 = NaN; rnnkit gives 0 (its data must stay finite)
        this.y[b * C + c] = count > 0 ? sum / count : 0;
      }
    }
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C } = this.geo;
    const mask = this.mask;
    for (let b = 0; b < B; b++) {
      const count = this.counts[b];
      for (let t = 0; t < T; t++) {
        const on = count > 0 && (!mask || mask[b * T + t]);
        for (let c = 0; c < C; c++) this.dx[(b * T + t) * C + c] = on ? dy[b * C + c] / count : 0;
      }
    }
    return this.dx;
  }
}

registerLayer(GlobalAveragePooling1D);
