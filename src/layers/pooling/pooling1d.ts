// Pooling1D: the shared base of MaxPooling1D and AveragePooling1D (Keras layers/pooling/base_pooling.py).
// Input [B, T, C] → output [B, T', C]: a window of poolSize steps, moved by strides (default poolSize), per channel;
// padding 'valid' or 'same' (TensorFlow's rule: padded steps never win a max and are not counted in an average).
// No mask is passed on (as Keras).
import { ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { dataFormatArg, oneInt, paddingArg, windowGeometry } from '../conv/conv_utils.js';

export interface Pooling1DArgs extends LayerArgs {
  /** Window length; default 2. */
  poolSize?: number | [number];
  /** Step between windows; default poolSize (Keras strides=None). */
  strides?: number | [number] | null;
  /** 'valid' (default) or 'same' (output ⌈T / strides⌉ steps). */
  padding?: 'valid' | 'same';
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

export abstract class Pooling1D extends Layer {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: 'valid' | 'same';
  protected y: FloatArray = floats(0);
  protected dx: FloatArray = floats(0);
  protected geo = { B: 0, T: 0, C: 0, out: 0, padLeft: 0 };

  constructor(args: Pooling1DArgs = {}) {
    const cls = new.target.className;
    checkOptions(cls, args, ['poolSize', 'strides', 'padding', 'dataFormat', ...layerArgNames]);
    super(args);
    this.poolSize = oneInt(cls, 'poolSize', args.poolSize, 2);
    this.strides = oneInt(cls, 'strides', args.strides, this.poolSize);
    this.padding = paddingArg(cls, args.padding, ['valid', 'same']) as 'valid' | 'same';
    dataFormatArg(cls, args.dataFormat);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const cls = this.getClassName();
    if (inputShape.length !== 2) throw new ShapeError(`${cls} expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    const T = inputShape[0];
    if (T === null) return [null as unknown as number, inputShape[1]];
    const { out } = windowGeometry(T, this.poolSize, this.strides, this.padding);
    if (out <= 0) throw new ShapeError(`${cls} '${this.name}': input of ${T} steps is shorter than poolSize ${this.poolSize} with padding 'valid'`);
    return [out, inputShape[1]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  /** Sizes buffers and records the geometry of a call; returns the output length. */
  protected prepare(B: number, ctx: ForwardContext): void {
    const [T, C] = ctx.inputShape;
    const { out, padLeft } = windowGeometry(T, this.poolSize, this.strides, this.padding);
    this.geo = { B, T, C, out, padLeft };
    if (this.y.length < B * out * C) this.y = floats(B * out * C);
    if (this.dx.length < B * T * C) this.dx = floats(B * T * C);
    this.outputMask = null;
  }

  /** The input steps [lo, hi) of output step t (padding excluded). */
  protected window(t: number): [number, number] {
    const start = t * this.strides - this.geo.padLeft;
    return [Math.max(start, 0), Math.min(start + this.poolSize, this.geo.T)];
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      poolSize: [this.poolSize],
      strides: [this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
    };
  }
}
