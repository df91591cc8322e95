// AveragePooling1D (Keras layers/pooling/average_pooling1d.py): the mean of each window, per channel.
// [B, T, C] → [B, T', C]; with padding 'same' the padded steps are not counted (TensorFlow's avg_pool).
import { registerLayer } from '../../registry/registry.js';
import type { FloatArray } from '../../kernels/types.js';
import type { ForwardContext } from '../layer.js';
import { Pooling1D, type Pooling1DArgs } from './pooling1d.js';

/** Mean over windows of `poolSize` steps: [B, T, C] → [B, T', C] (see Pooling1D for T'). */
export class AveragePooling1D extends Pooling1D {
  static override className = 'AveragePooling1D';

  constructor(args: Pooling1DArgs = {}) {
    super(args);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.prepare(B, ctx);
    const { T, C, out } = this.geo;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < out; t++) {
        const [lo, hi] = this.window(t);
        for (let c = 0; c < C; c++) {
          let sum = 0;
          for (let p = lo; p < hi; p++) sum += x[(b * T + p) * C + c];
          this.y[(b * out + t) * C + c] = sum / (hi - lo);
        }
      }
    }
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C, out } = this.geo;
    this.dx.fill(0, 0, B * T * C);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < out; t++) {
        const [lo, hi] = this.window(t);
        for (let c = 0; c < C; c++) {
          const g = dy[(b * out + t) * C + c] / (hi - lo);
          for (let p = lo; p < hi; p++) this.dx[(b * T + p) * C + c] += g;
        }
      }
    }
    return this.dx;
  }
}

registerLayer(AveragePooling1D);
