// BatchNormalization (Keras 3 layers/normalization/batch_normalization.py) over the last axis.
// Input [B, ..., C] → same shape. Training (fit's forward, ctx.training, layer trainable): normalize with the
// batch's mean and (biased) variance over all rows B·… — over unmasked steps only when a [B, T] mask arrives,
// Σ m·x / (Σ m + 1e-7) as Keras's _moments — and update moving_mean/moving_variance ← momentum·old +
// (1 − momentum)·batch. Inference: normalize with the moving statistics. y = γ·(x − μ)/√(σ² + ε) + β.
// Weights in Keras order: gamma [C] (scale), beta [C] (center), moving_mean [C], moving_variance [C]; the last two
// are non-trainable (the optimizer never touches them). The mask is passed on.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, checkOptions } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type L1L2, type RegularizerIdentifier } from '../../regularizers/regularizers.js';
import type { FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { axisArg, checkFeatureAxis } from './feature_axis.js';

export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis: -1 (default) or its index. */
  axis?: number | number[];
  /** Moving-average momentum; default 0.99. */
  momentum?: number;
  /** Added to the variance; default 1e-3. */
  epsilon?: number;
  /** Learn beta (an offset); default true. */
  center?: boolean;
  /** Learn gamma (a scale); default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  /** Keras 3 batch renormalization: only false. */
  renorm?: boolean;
}

const MASK_EPSILON = 1e-7; // keras.backend.epsilon() in the masked moments

/** Batch normalization over the last axis: [B, ..., C] → [B, ..., C]. @throws ConfigError for bad options. */
export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly axis: number | number[];
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly initializers: { beta: Initializer; gamma: Initializer; movingMean: Initializer; movingVariance: Initializer };
  readonly betaRegularizer: L1L2 | null;
  readonly gammaRegularizer: L1L2 | null;
  private gamma: Variable | null = null;
  private beta: Variable | null = null;
  private movingMean!: Variable;
  private movingVariance!: Variable;
  private x: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private mean = new Float64Array(0);
  private invStd = new Float64Array(0);
  private rowWeight: Uint8Array | null = null;
  private geo = { rows: 0, C: 0, batchStats: false, W: 0 };

  constructor(args: BatchNormalizationArgs = {}) {
    checkOptions('BatchNormalization', args, ['axis', 'momentum', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer', 'betaRegularizer', 'gammaRegularizer', 'renorm', ...layerArgNames]);
    super(args);
    this.axis = axisArg('BatchNormalization', args.axis);
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    if (typeof this.momentum !== 'number' || !(this.momentum >= 0 && this.momentum <= 1)) throw new ConfigError(`BatchNormalization: momentum must be in [0, 1], got ${String(args.momentum)}`);
    if (typeof this.epsilon !== 'number' || !(this.epsilon > 0)) throw new ConfigError(`BatchNormalization: epsilon must be a positive number, got ${String(args.epsilon)}`);
    if (args.renorm) throw new ConfigError('BatchNormalization: renorm (batch renormalization) is not supported');
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.initializers = {
      beta: getInitializer(args.betaInitializer ?? 'zeros'), gamma: getInitializer(args.gammaInitializer ?? 'ones'),
      movingMean: getInitializer(args.movingMeanInitializer ?? 'zeros'), movingVariance: getInitializer(args.movingVarianceInitializer ?? 'ones'),
    };
    this.betaRegularizer = getRegularizer(args.betaRegularizer);
    this.gammaRegularizer = getRegularizer(args.gammaRegularizer);
  }

  /** gamma and beta (when the layer is trainable); the moving statistics never are (Keras `trainable=False`). */
  override get trainableWeights(): Variable[] {
    return this.trainable ? this.weights.filter((v) => v === this.gamma || v === this.beta) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    const t = this.trainableWeights;
    return this.weights.filter((v) => !t.includes(v));
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    checkFeatureAxis(`BatchNormalization '${this.name}'`, this.axis, inputShape);
    return [...inputShape];
  }

  protected buildWeights(inputShape: readonly number[]): void {
    const C = inputShape[inputShape.length - 1];
    if (this.scale) this.gamma = this.addWeight('gamma', [C], this.initializers.gamma, this.gammaRegularizer);
    if (this.center) this.beta = this.addWeight('beta', [C], this.initializers.beta, this.betaRegularizer);
    this.movingMean = this.addWeight('moving_mean', [C], this.initializers.movingMean);
    this.movingVariance = this.addWeight('moving_variance', [C], this.initializers.movingVariance);
  }

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const C = ctx.inputShape[ctx.inputShape.length - 1];
    const rows = (B * ctx.inputShape.reduce((n, d) => n * d, 1)) / C;
    const n = rows * C;
    if (this.y.length < n) {
      this.y = floats(n);
      this.dx = floats(n);
    }
    if (this.mean.length < C) {
      this.mean = new Float64Array(C);
      this.invStd = new Float64Array(C);
    }
    this.outputMask = ctx.mask;
    const batchStats = ctx.training && this.trainable;
    // a [B, T] mask weights the rows of a [B, T, C] input (Keras: the mask has one axis fewer than the input)
    const mask = batchStats && ctx.mask && ctx.inputShape.length === 2 ? ctx.mask : null;
    this.rowWeight = mask;
    let W = rows;
    if (batchStats) {
      if (mask) {
        W = MASK_EPSILON;
        for (let r = 0; r < rows; r++) W += mask[r];
      }
      const mm = this.movingMean.value, mv = this.movingVariance.value, m = this.momentum;
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let r = 0; r < rows; r++) if (!mask || mask[r]) sum += x[r * C + c];
        const mean = sum / W;
        let sq = 0;
        for (let r = 0; r < rows; r++) if (!mask || mask[r]) sq += (x[r * C + c] - mean) ** 2;
        const variance = sq / W;
        this.mean[c] = mean;
        this.invStd[c] = 1 / Math.sqrt(variance + this.epsilon);
        mm[c] = mm[c] * m + mean * (1 - m);
        mv[c] = mv[c] * m + variance * (1 - m);
      }
    } else {
      for (let c = 0; c < C; c++) {
        this.mean[c] = this.movingMean.value[c];
        this.invStd[c] = 1 / Math.sqrt(this.movingVariance.value[c] + this.epsilon);
      }
    }
    this.geo = { rows, C, batchStats, W };
    const g = this.gamma?.value, b = this.beta?.value;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < C; c++) {
        const i = r * C + c;
        const xhat = (x[i] - this.mean[c]) * this.invStd[c];
        this.y[i] = (g ? g[c] : 1) * xhat + (b ? b[c] : 0);
      }
    }
    this.x = x;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    const { rows, C, batchStats, W } = this.geo;
    const x = this.x, g = this.gamma?.value, mask = this.rowWeight;
    for (let c = 0; c < C; c++) {
      const mean = this.mean[c], inv = this.invStd[c], gc = g ? g[c] : 1;
      let sumDy = 0, sumDyXhat = 0, sumDxhatW = 0, sumDxhatXcW = 0, sumXcW = 0;
      for (let r = 0; r < rows; r++) {
        const i = r * C + c, xc = x[i] - mean;
        sumDy += dy[i];
        sumDyXhat += dy[i] * xc * inv;
        sumDxhatW += dy[i] * gc; // every row's output depends on the batch statistics
        sumDxhatXcW += dy[i] * gc * xc;
        if (!mask || mask[r]) sumXcW += xc;
      }
      if (this.beta) this.beta.grad[c] += sumDy;
      if (this.gamma) this.gamma.grad[c] += sumDyXhat;
      if (!batchStats) {
        // inference: the output depends on the moving statistics; their gradients are computed for
        // completeness (gradient checks) though no optimizer reads them (non-trainable)
        this.movingMean.grad[c] += -inv * sumDxhatW;
        this.movingVariance.grad[c] += -0.5 * inv * inv * inv * sumDxhatXcW;
        if (needInputGrad) for (let r = 0; r < rows; r++) this.dx[r * C + c] = dy[r * C + c] * gc * inv;
        continue;
      }
      if (!needInputGrad) continue;
      // y_r = γ(x_r − μ)·s⁻¹ with μ = Σ w x / W, σ² = Σ w (x − μ)² / W, s = √(σ² + ε)
      const dVar = -0.5 * inv * inv * inv * sumDxhatXcW;
      const dMean = -inv * sumDxhatW + dVar * (-2 * sumXcW) / W;
      for (let r = 0; r < rows; r++) {
        const i = r * C + c, w = !mask || mask[r] ? 1 : 0;
        this.dx[i] = dy[i] * gc * inv + (dMean * w) / W + (dVar * 2 * w * (x[i] - mean)) / W;
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
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.initializers.beta),
      gammaInitializer: serializeInitializer(this.initializers.gamma),
      movingMeanInitializer: serializeInitializer(this.initializers.movingMean),
      movingVarianceInitializer: serializeInitializer(this.initializers.movingVariance),
      betaRegularizer: serializeRegularizer(this.betaRegularizer),
      gammaRegularizer: serializeRegularizer(this.gammaRegularizer),
    };
  }
}

registerLayer(BatchNormalization);
