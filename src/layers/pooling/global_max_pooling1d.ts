// GlobalMaxPooling1D (Keras layers/pooling/global_max_pooling1d.py): the maximum over all steps, per channel.
// [B, T, C] → [B, C] ([B, 1, C] with keepdims). As Keras 3, a timestep mask is not used (its call takes none):
// masked steps take part in the maximum. The gradient goes to the first maximal step.
import { registerLayer } from '../../registry/registry.js';
import type { FloatArray } from '../../kernels/types.js';
import type { ForwardContext } from '../layer.js';
import { GlobalPooling1D, type GlobalPooling1DArgs } from './global_pooling1d.js';

/** Max over the steps axis: [B, T, C] → [B, C]. */
export class GlobalMaxPooling1D extends GlobalPooling1D {
  static override className = 'GlobalMaxPooling1D';
  private argmax = new Int32Array(0);

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.prepare(B, ctx.inputShape);
    const { T, C } = this.geo;
    if (this.argmax.length < B * C) this.argmax = new Int32Array(B * C);
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        let at = b * T * C + c;
        for (let t = 1; t < T; t++) if (x[(b * T + t) * C + c] > x[at]) at = (b * T + t) * C + c;
        this.y[b * C + c] = x[at];
        this.argmax[b * C + c] = at;
      }
    }
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C } = this.geo;
    this.dx.fill(0, 0, B * T * C);
    for (let o = 0; o < B * C; o++) this.dx[this.argmax[o]] += dy[o];
    return this.dx;
  }
}

registerLayer(GlobalMaxPooling1D);
