// GlobalPooling1D: the shared base of GlobalMaxPooling1D and GlobalAveragePooling1D (Keras
// layers/pooling/base_global_pooling.py): [B, T, C] → [B, C], or [B, 1, C] with keepdims. No mask is passed on.
import { ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type LayerArgs } from '../layer.js';
import { dataFormatArg } from '../conv/conv_utils.js';
import { ConfigError } from '../../errors.js';

export interface GlobalPooling1DArgs extends LayerArgs {
  /** Keep the steps axis with length 1: output [B, 1, C]. Default false. */
  keepdims?: boolean;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

export abstract class GlobalPooling1D extends Layer {
  readonly keepdims: boolean;
  protected y: FloatArray = floats(0);
  protected dx: FloatArray = floats(0);
  protected geo = { B: 0, T: 0, C: 0 };

  constructor(args: GlobalPooling1DArgs = {}) {
    const cls = new.target.className;
    checkOptions(cls, args, ['keepdims', 'dataFormat', ...layerArgNames]);
    super(args);
    if (args.keepdims !== undefined && typeof args.keepdims !== 'boolean') throw new ConfigError(`${cls}: keepdims must be true or false, got ${String(args.keepdims)}`);
    this.keepdims = args.keepdims ?? false;
    dataFormatArg(cls, args.dataFormat);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`${this.getClassName()} expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    return this.keepdims ? [1, inputShape[1]] : [inputShape[1]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  protected prepare(B: number, inputShape: readonly number[]): void {
    const [T, C] = inputShape;
    this.geo = { B, T, C };
    if (this.y.length < B * C) this.y = floats(B * C);
    if (this.dx.length < B * T * C) this.dx = floats(B * T * C);
    this.outputMask = null;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}), dataFormat: 'channels_last', keepdims: this.keepdims };
  }
}
