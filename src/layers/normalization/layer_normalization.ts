// LayerNormalization (Keras 3 layers/normalization/layer_normalization.py, ops.layer_normalization) over the
// last axis: each row x[r, :] of C features becomes γ·(x − mean)/√(var + ε) + β with the row's mean and (biased)
// variance. Input [B, ..., C] → same shape. Weights in Keras order: gamma [C] (scale), beta [C] (center).
// Same in training and inference; the mask is passed on.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, checkOptions } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type L1L2, type RegularizerIdentifier } from '../../regularizers/regularizers.js';
import type { FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { axisArg, checkFeatureAxis } from './feature_axis.js';

export interface LayerNormalizationArgs extends LayerArgs {
  /** The features axis: -1 (default) or its index. */
  axis?: number | number[];
  /** Added to the variance; default 1e-3. */
  epsilon?: number;
  /** Learn beta; default true. */
  center?: boolean;
  /** Learn gamma; default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
}

/** Per-row normalization over the last axis: [B, ..., C] → [B, ..., C]. @throws ConfigError for bad options. */
export class LayerNormalization extends Layer {
  static override className = 'LayerNormalization';
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: Initializer;
  readonly gammaInitializer: Initializer;
  readonly betaRegularizer: L1L2 | null;
  readonly gammaRegularizer: L1L2 | null;
  private gamma: Variable | null = null;
  private beta: Variable | null = null;
  private xhat: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private invStd = new Float64Array(0);
  private geo = { rows: 0, C: 0 };

  constructor(args: LayerNormalizationArgs = {}) {
    checkOptions('LayerNormalization', args, ['axis', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'betaRegularizer', 'gammaRegularizer', ...layerArgNames]);
    super(args);
    this.axis = axisArg('LayerNormalization', args.axis);
    this.epsilon = args.epsilon ?? 1e-3;
    if (typeof this.epsilon !== 'number' || !(this.epsilon > 0)) throw new ConfigError(`LayerNormalization: epsilon must be a positive number, got ${String(args.epsilon)}`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? 'ones');
    this.betaRegularizer = getRegularizer(args.betaRegularizer);
    this.gammaRegularizer = getRegularizer(args.gammaRegularizer);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    checkFeatureAxis(`LayerNormalization '${this.name}'`, this.axis, inputShape);
    return [...inputShape];
  }

  protected buildWeights(inputShape: readonly number[]): void {
    const C = inputShape[inputShape.length - 1];
    if (this.scale) this.gamma = this.addWeight('gamma', [C], this.gammaInitializer, this.gammaRegularizer);
    if (this.center) this.beta = this.addWeight('beta', [C], this.betaInitializer, this.betaRegularizer);
  }

  override releaseBuffers(): void {
    this.xhat = this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const C = ctx.inputShape[ctx.inputShape.length - 1];
    const rows = (B * ctx.inputShape.reduce((n, d) => n * d, 1)) / C;
    if (this.y.length < rows * C) {
      this.y = floats(rows * C);
      this.xhat = floats(rows * C);
      this.dx = floats(rows * C);
    }
    if (this.invStd.length < rows) this.invStd = new Float64Array(rows);
    this.geo = { rows, C };
    this.outputMask = ctx.mask;
    const g = this.gamma?.value, b = this.beta?.value;
    for (let r = 0; r < rows; r++) {
      const o = r * C;
      let mean = 0;
      for (let c = 0; c < C; c++) mean += x[o + c];
      mean /= C;
      let variance = 0;
      for (let c = 0; c < C; c++) variance += (x[o + c] - mean) ** 2;
      const inv = 1 / Math.sqrt(variance / C + this.epsilon);
      this.invStd[r] = inv;
      for (let c = 0; c < C; c++) {
        const xh = (x[o + c] - mean) * inv;
        this.xhat[o + c] = xh;
        this.y[o + c] = (g ? g[c] : 1) * xh + (b ? b[c] : 0);
      }
    }
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    const { rows, C } = this.geo;
    const g = this.gamma?.value;
    for (let r = 0; r < rows; r++) {
      const o = r * C;
      let sumD = 0, sumDX = 0;
      for (let c = 0; c < C; c++) {
        const d = dy[o + c] * (g ? g[c] : 1); // dL/dx̂
        sumD += d;
        sumDX += d * this.xhat[o + c];
        if (this.gamma) this.gamma.grad[c] += dy[o + c] * this.xhat[o + c];
        if (this.beta) this.beta.grad[c] += dy[o + c];
      }
      if (!needInputGrad) continue;
      // dx = s⁻¹ (dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂))
      const inv = this.invStd[r];
      for (let c = 0; c < C; c++) {
        const d = dy[o + c] * (g ? g[c] : 1);
        this.dx[o + c] = inv * (d - sumD / C - (this.xhat[o + c] * sumDX) / C);
      }
    }
    return needInputGrad ? this.dx : null;
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInitializer),
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      betaRegularizer: serializeRegularizer(this.betaRegularizer),
      gammaRegularizer: serializeRegularizer(this.gammaRegularizer),
    };
  }
}

registerLayer(LayerNormalization);
