// Masking (Keras layers/core/masking.py): a timestep whose features all equal `maskValue` is masked.
// The output is the input with masked steps zeroed, and the [batch, time] mask goes to the next layers:
// recurrent layers carry their state through masked steps.
import { registerLayer } from '../../registry/registry.js';
import { ShapeError, checkOptions, fmtShape } from '../../errors.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { floats } from '../../memory/precision.js';
import type { FloatArray } from '../../kernels/types.js';

export interface MaskingArgs extends LayerArgs {
  /** Default 0. */
  maskValue?: number;
}

export class Masking extends Layer {
  static override className = 'Masking';
  readonly maskValue: number;
  private mask: Uint8Array = new Uint8Array(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private B = 0;
  private T = 0;
  private F = 0;

  constructor(args: MaskingArgs = {}) {
    checkOptions('Masking', args, ['maskValue', ...layerArgNames]);
    super(args);
    this.maskValue = args.maskValue ?? 0;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`Masking expects input of shape [batch, timesteps, features], got ${fmtShape([null, ...inputShape])}`);
    return [...inputShape];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.mask = new Uint8Array(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const T = ctx.inputShape[0], F = ctx.inputShape[1];
    this.B = B; this.T = T; this.F = F;
    if (this.mask.length < B * T) {
      this.mask = new Uint8Array(B * T);
      this.y = floats(B * T * F);
      this.dx = floats(B * T * F);
    }
    for (let r = 0; r < B * T; r++) {
      let keep = 0;
      for (let f = 0; f < F; f++) if (x[r * F + f] !== this.maskValue) { keep = 1; break; }
      this.mask[r] = keep;
      for (let f = 0; f < F; f++) this.y[r * F + f] = keep ? x[r * F + f] : 0;
    }
    this.outputMask = this.mask;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const F = this.F;
    for (let r = 0; r < this.B * this.T; r++) for (let f = 0; f < F; f++) this.dx[r * F + f] = this.mask[r] ? dy[r * F + f] : 0;
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, maskValue: this.maskValue };
  }
}

registerLayer(Masking);
