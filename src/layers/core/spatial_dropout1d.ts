// SpatialDropout1D (Keras layers/regularization/spatial_dropout.py): in training, drops whole channels of each
// sample — noise shape [B, 1, C], one draw per (sample, channel) shared by all steps — scaling kept ones by
// 1/(1 − rate); at inference the input passes through. Input [B, T, C] → same shape; the mask is passed on.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import { Random, getRandom } from '../../random/random.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface SpatialDropout1DArgs extends LayerArgs {
  /** Fraction of channels dropped, in [0, 1). */
  rate: number;
  /** Seed of this layer's generator; default the global generator (setRandomSeed). */
  seed?: number | null;
}

/** Channel dropout: [B, T, C] → [B, T, C]. @throws ConfigError for a bad rate, ShapeError for non-3-D input. */
export class SpatialDropout1D extends Layer {
  static override className = 'SpatialDropout1D';
  readonly rate: number;
  readonly seed: number | null;
  private readonly random: Random | null;
  private keep: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private active = false;
  private geo = { B: 0, T: 0, C: 0 };

  constructor(args: SpatialDropout1DArgs) {
    checkOptions('SpatialDropout1D', args, ['rate', 'seed', ...layerArgNames]);
    super(args);
    if (typeof args?.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) throw new ConfigError(`SpatialDropout1D: rate must be in [0, 1), got ${args?.rate}`);
    this.rate = args.rate;
    this.seed = args.seed ?? null;
    this.random = this.seed === null ? null : new Random(this.seed);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`SpatialDropout1D expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    return [...inputShape];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.keep = this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.outputMask = ctx.mask;
    this.active = ctx.training && this.rate > 0;
    if (!this.active) return x;
    const [T, C] = ctx.inputShape;
    this.geo = { B, T, C };
    if (this.keep.length < B * C) this.keep = floats(B * C);
    if (this.y.length < B * T * C) {
      this.y = floats(B * T * C);
      this.dx = floats(B * T * C);
    }
    const rng = this.random ?? getRandom();
    const scale = 1 / (1 - this.rate);
    for (let i = 0; i < B * C; i++) this.keep[i] = rng.uniform() < this.rate ? 0 : scale;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) this.y[(b * T + t) * C + c] = x[(b * T + t) * C + c] * this.keep[b * C + c];
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    if (!this.active) return dy;
    const { B, T, C } = this.geo;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) this.dx[(b * T + t) * C + c] = dy[(b * T + t) * C + c] * this.keep[b * C + c];
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}), rate: this.rate, seed: this.seed };
  }
}

registerLayer(SpatialDropout1D);
