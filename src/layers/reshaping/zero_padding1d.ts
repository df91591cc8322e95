// ZeroPadding1D (Keras layers/reshaping/zero_padding1d.py): adds `padding` = [left, right] zero steps.
// Input [B, T, C] → [B, left + T + right, C]. No mask is passed on (Keras's layer does not support masking).
import { registerLayer } from '../../registry/registry.js';
import { ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { dataFormatArg } from '../conv/conv_utils.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { pairArg } from './pair_arg.js';

export interface ZeroPadding1DArgs extends LayerArgs {
  /** Zero steps before and after: n (both sides) or [left, right]; default 1. */
  padding?: number | [number, number];
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

/** [B, T, C] → [B, T + left + right, C] with zeros around. @throws ConfigError for bad padding, ShapeError for non-3-D input. */
export class ZeroPadding1D extends Layer {
  static override className = 'ZeroPadding1D';
  readonly padding: [number, number];
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private geo = { B: 0, T: 0, C: 0 };

  constructor(args: ZeroPadding1DArgs = {}) {
    checkOptions('ZeroPadding1D', args, ['padding', 'dataFormat', ...layerArgNames]);
    super(args);
    this.padding = pairArg('ZeroPadding1D', 'padding', args.padding, 1);
    dataFormatArg('ZeroPadding1D', args.dataFormat);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`ZeroPadding1D expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    const T = inputShape[0];
    return [T === null ? (null as unknown as number) : T + this.padding[0] + this.padding[1], inputShape[1]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const [T, C] = ctx.inputShape;
    const [l, r] = this.padding, To = T + l + r;
    this.geo = { B, T, C };
    if (this.y.length < B * To * C) this.y = floats(B * To * C);
    if (this.dx.length < B * T * C) this.dx = floats(B * T * C);
    this.y.fill(0, 0, B * To * C);
    for (let b = 0; b < B; b++) this.y.set(x.subarray(b * T * C, (b + 1) * T * C), (b * To + l) * C);
    this.outputMask = null;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C } = this.geo;
    const [l, r] = this.padding, To = T + l + r;
    for (let b = 0; b < B; b++) this.dx.set(dy.subarray((b * To + l) * C, (b * To + l + T) * C), b * T * C);
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}), padding: [...this.padding], dataFormat: 'channels_last' };
  }
}

registerLayer(ZeroPadding1D);
