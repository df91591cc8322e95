// Flatten and Reshape (Keras layers/reshaping/): the same row-major values under another per-sample shape.
// Both pass the data through untouched (no copy); neither passes a timestep mask on.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import type { FloatArray } from '../../kernels/types.js';

export interface ReshapeArgs extends LayerArgs {
  /** Per-sample target shape; one entry may be −1 (inferred). */
  targetShape: number[];
}

export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    checkOptions('Reshape', args, ['targetShape', ...layerArgNames]);
    super(args);
    const t = args?.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || (d <= 0 && d !== -1)) || t.filter((d) => d === -1).length > 1) {
      throw new ConfigError(`Reshape: targetShape must be positive integers with at most one -1, got ${JSON.stringify(t)}`);
    }
    this.targetShape = [...t];
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    // a length known only at call time (null): the -1 axis is too (Keras gives None)
    if (inputShape.some((d) => d === null)) {
      if (!this.targetShape.includes(-1)) throw new ShapeError(`Reshape: input ${fmtShape([null, ...inputShape])} has an axis of any length; the target shape needs a -1 to take it`);
      return this.targetShape.map((d) => (d === -1 ? (null as unknown as number) : d));
    }
    const n = inputShape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const out = this.targetShape.map((d) => (d === -1 ? n / known : d));
    if (out.some((d) => !Number.isInteger(d)) || out.reduce((a, b) => a * b, 1) !== n) {
      throw new ShapeError(`Reshape: cannot reshape ${fmtShape([null, ...inputShape])} (${n} values per sample) to ${fmtShape([null, ...this.targetShape])}`);
    }
    return out;
  }

  protected buildWeights(): void {}

  forward(x: FloatArray, _B: number, _ctx: ForwardContext): FloatArray {
    this.outputMask = null;
    return x;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    return needInputGrad ? dy : null;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, targetShape: this.targetShape };
  }
}

/** [batch, d1, d2, …] → [batch, d1·d2·…]: a Reshape to [−1]. */
export class Flatten extends Reshape {
  static override className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    checkOptions('Flatten', args, [...layerArgNames]);
    super({ ...args, targetShape: [-1] });
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable };
  }
}

registerLayer(Flatten);

registerLayer(Reshape);
