// MaxPooling1D (Keras layers/pooling/max_pooling1d.py): the maximum of each window, per channel.
// [B, T, C] → [B, T', C]; the gradient goes to the first maximal step of each window (TensorFlow's choice).
import { registerLayer } from '../../registry/registry.js';
import type { FloatArray } from '../../kernels/types.js';
import type { ForwardContext } from '../layer.js';
import { Pooling1D, type Pooling1DArgs } from './pooling1d.js';

/** Max over windows of `poolSize` steps: [B, T, C] → [B, T', C] (see Pooling1D for T'). */
export class MaxPooling1D extends Pooling1D {
  static override className = 'MaxPooling1D';
  private argmax = new Int32Array(0);

  constructor(args: Pooling1DArgs = {}) {
    super(args);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.prepare(B, ctx);
    const { T, C, out } = this.geo;
    if (this.argmax.length < B * out * C) this.argmax = new Int32Array(B * out * C);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < out; t++) {
        const [lo, hi] = this.window(t);
        for (let c = 0; c < C; c++) {
          let best = -Infinity, at = (b * T + lo) * C + c;
          for (let p = lo; p < hi; p++) {
            const i = (b * T + p) * C + c;
            if (x[i] > best) { best = x[i]; at = i; }
          }
          const o = (b * out + t) * C + c;
          this.y[o] = x[at];
          this.argmax[o] = at;
        }
      }
    }
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C, out } = this.geo;
    this.dx.fill(0, 0, B * T * C);
    for (let o = 0; o < B * out * C; o++) this.dx[this.argmax[o]] += dy[o];
    return this.dx;
  }
}

registerLayer(MaxPooling1D);
