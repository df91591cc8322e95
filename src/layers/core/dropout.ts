// Dropout (Keras layers/regularization/dropout.py): in training, each value is zeroed with probability
// `rate` and the rest scaled by 1/(1 − rate); at inference the input passes through unchanged.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, checkOptions } from '../../errors.js';
import { Random, getRandom } from '../../random/random.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { floats } from '../../memory/precision.js';
import type { FloatArray } from '../../kernels/types.js';

export interface DropoutArgs extends LayerArgs {
  rate: number;
  /** Seed of this layer's generator; default: the global generator (setRandomSeed). */
  seed?: number | null;
}

export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly random: Random | null;
  private mask: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private active = false;
  private n = 0;

  constructor(args: DropoutArgs) {
    checkOptions('Dropout', args, ['rate', 'seed', ...layerArgNames]);
    super(args);
    if (typeof args?.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new ConfigError(`Dropout: rate must be in [0, 1), got ${args?.rate}`);
    }
    this.rate = args.rate;
    this.seed = args.seed ?? null;
    this.random = this.seed === null ? null : new Random(this.seed);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.mask = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.outputMask = ctx.mask;
    this.active = ctx.training && this.rate > 0;
    if (!this.active) return x;
    let n = B;
    for (const d of ctx.inputShape) n *= d;
    this.n = n;
    if (this.mask.length < n) {
      this.mask = floats(n);
      this.y = floats(n);
      this.dx = floats(n);
    }
    const rng = this.random ?? getRandom();
    const scale = 1 / (1 - this.rate);
    for (let i = 0; i < n; i++) {
      const m = rng.uniform() < this.rate ? 0 : scale;
      this.mask[i] = m;
      this.y[i] = x[i] * m;
    }
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    if (!this.active) return dy;
    for (let i = 0; i < this.n; i++) this.dx[i] = dy[i] * this.mask[i];
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, rate: this.rate, seed: this.seed };
  }
}

registerLayer(Dropout);
