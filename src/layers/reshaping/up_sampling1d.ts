// UpSampling1D (Keras layers/reshaping/up_sampling1d.py): repeats each step `size` times (ops.repeat on axis 1).
// Input [B, T, C] → [B, T·size, C]. No mask is passed on (as Keras).
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface UpSampling1DArgs extends LayerArgs {
  /** Repeats per step; default 2. */
  size?: number;
}

/** [B, T, C] → [B, T·size, C], y[b, t·size + k] = x[b, t]. @throws ConfigError for a bad size. */
export class UpSampling1D extends Layer {
  static override className = 'UpSampling1D';
  readonly size: number;
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private geo = { B: 0, T: 0, C: 0 };

  constructor(args: UpSampling1DArgs = {}) {
    checkOptions('UpSampling1D', args, ['size', ...layerArgNames]);
    super(args);
    const size = args.size ?? 2;
    if (!Number.isInteger(size) || size <= 0) throw new ConfigError(`UpSampling1D: size must be a positive integer, got ${String(args.size)}`);
    this.size = size;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`UpSampling1D expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    const T = inputShape[0];
    return [T === null ? (null as unknown as number) : T * this.size, inputShape[1]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const [T, C] = ctx.inputShape;
    const S = this.size;
    this.geo = { B, T, C };
    if (this.y.length < B * T * S * C) this.y = floats(B * T * S * C);
    if (this.dx.length < B * T * C) this.dx = floats(B * T * C);
    for (let bt = 0; bt < B * T; bt++) {
      const row = x.subarray(bt * C, (bt + 1) * C);
      for (let k = 0; k < S; k++) this.y.set(row, (bt * S + k) * C);
    }
    this.outputMask = null;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C } = this.geo;
    const S = this.size;
    for (let bt = 0; bt < B * T; bt++) {
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let k = 0; k < S; k++) s += dy[(bt * S + k) * C + c];
        this.dx[bt * C + c] = s;
      }
    }
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}), size: this.size };
  }
}

registerLayer(UpSampling1D);
