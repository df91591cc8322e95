// LeakyReLU (Keras 3 layers/activations/leaky_relu.py): y = x for x ≥ 0, negativeSlope·x otherwise
// (default 0.3; Keras 2 and TF.js files call it `alpha`). Any input shape; the mask is passed on.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, checkOptions } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface LeakyReLUArgs extends LayerArgs {
  /** Slope for x < 0; default 0.3; must be ≥ 0. */
  negativeSlope?: number;
}

/** Leaky rectifier, elementwise: [B, ...] → [B, ...]. @throws ConfigError for a negative or missing slope. */
export class LeakyReLU extends Layer {
  static override className = 'LeakyReLU';
  readonly negativeSlope: number;
  private x: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private n = 0;

  constructor(args: LeakyReLUArgs = {}) {
    checkOptions('LeakyReLU', args, ['negativeSlope', ...layerArgNames]);
    super(args);
    const s = args.negativeSlope ?? 0.3;
    if (typeof s !== 'number' || !(s >= 0)) throw new ConfigError(`LeakyReLU: negativeSlope must be a number >= 0 (Keras 2's alpha), got ${String(args.negativeSlope)}`);
    this.negativeSlope = s;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.outputMask = ctx.mask;
    const n = B * ctx.inputShape.reduce((a, d) => a * d, 1);
    if (this.y.length < n) {
      this.y = floats(n);
      this.dx = floats(n);
    }
    for (let i = 0; i < n; i++) this.y[i] = x[i] >= 0 ? x[i] : this.negativeSlope * x[i];
    this.x = x;
    this.n = n;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    for (let i = 0; i < this.n; i++) this.dx[i] = this.x[i] > 0 ? dy[i] : this.negativeSlope * dy[i];
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}), negativeSlope: this.negativeSlope };
  }
}

registerLayer(LeakyReLU);
