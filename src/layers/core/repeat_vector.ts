// RepeatVector (Keras 3 keras/src/layers/reshaping/repeat_vector.py): repeats a [B, F] input n times along a new
// time axis, [B, n, F] — the bridge from an encoder's final state to a decoder's steps. No mask is passed on
// (Keras's RepeatVector does not support masking).
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface RepeatVectorArgs extends LayerArgs {
  /** Number of repetitions (a positive integer). */
  n: number;
}

/** [B, F] → [B, n, F]: out[b, t, f] = x[b, f]. */
export class RepeatVector extends Layer {
  static override className = 'RepeatVector';
  readonly n: number;
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private F = 0;

  constructor(args: RepeatVectorArgs) {
    checkOptions('RepeatVector', args, ['n', ...layerArgNames]);
    super(args);
    if (typeof args?.n !== 'number' || !Number.isInteger(args.n) || args.n <= 0) {
      throw new ConfigError(`RepeatVector: n must be a positive integer, got ${JSON.stringify(args?.n)}`);
    }
    this.n = args.n;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1) {
      throw new ShapeError(`RepeatVector expects input of rank 2 [batch, features], got ${fmtShape([null, ...inputShape])}`);
    }
    return [this.n, inputShape[0]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = floats(0);
    this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const F = (this.F = ctx.inputShape[0]), n = this.n;
    if (this.y.length < B * n * F) this.y = floats(B * n * F);
    const y = this.y;
    for (let b = 0; b < B; b++) {
      const row = x.subarray(b * F, b * F + F);
      for (let t = 0; t < n; t++) y.set(row, (b * n + t) * F);
    }
    this.outputMask = null;
    return y;
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const F = this.F, n = this.n;
    if (this.dx.length < B * F) this.dx = floats(B * F);
    const dx = this.dx;
    for (let b = 0; b < B; b++) for (let f = 0; f < F; f++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += dy[(b * n + t) * F + f];
      dx[b * F + f] = s;
    }
    return dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, n: this.n };
  }
}

registerLayer(RepeatVector);
